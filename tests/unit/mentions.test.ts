import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/domain/content/markdown.server";

describe("@mentions in a post", () => {
  it("link to the member's profile, and open in place", () => {
    expect(renderMarkdown("Thanks @leo_support and @mia-2!")).toBe('<p>Thanks <a href="/u/leo_support" class="mention">@leo_support</a> and <a href="/u/mia-2" class="mention">@mia-2</a>!</p>\n');
    expect(renderMarkdown("**@bold_one** said so")).toContain('<strong><a href="/u/bold_one" class="mention">@bold_one</a></strong>');
  });

  it("stay text in code spans and blocks, inside links, in emails and when too short to be a username", () => {
    const html = renderMarkdown("`@code` here\n\n```\n@block\n```\n\nmail leo@example.com or [@leo](https://example.com/leo) or @ab");
    expect(html).not.toContain('class="mention"');
    expect(html).toContain("<code>@code</code>");
    expect(html).toContain("@block");
    expect(html).toContain('href="mailto:leo@example.com"');
    expect(html).toContain(">@leo</a>");
    expect(html).toContain("or @ab");
  });

  it("cannot be forged: a hand-written link keeps nofollow and raw HTML stays escaped", () => {
    expect(renderMarkdown("[me](/u/x)")).toBe('<p><a href="/u/x" rel="nofollow ugc noopener" target="_blank">me</a></p>\n');
    expect(renderMarkdown('<a class="mention" href="javascript:alert(1)">x</a>')).not.toContain("<a ");
  });
});
