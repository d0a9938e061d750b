import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

// Raw HTML in a post is never trusted: markdown-it escapes it, and the
// sanitiser below is the second lock on the door.
const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });

// The same shape mentions.ts notifies: not after a word character, "@", "/" or "." (emails, paths).
const MENTION = /(^|[^\w@/.])@([a-zA-Z0-9_-]{3,30})\b/g;

/**
 * @name becomes a link to /u/name in text, never inside code (code spans and
 * blocks are their own tokens, so they are not looked at) or inside a link
 * (linkify's email links included). Every well-formed username is linked,
 * not only today's members: HTML is rendered once, on write, so a lookup
 * would go stale as members join or leave, and /u/<name> answers a missing
 * member with the not-found page.
 */
md.core.ruler.push("mentions", (state) => {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: typeof block.children = [];
    let inLink = 0;
    for (const token of block.children) {
      if (token.type === "link_open") inLink += 1;
      if (token.type === "link_close") inLink -= 1;
      if (token.type !== "text" || inLink > 0 || !token.content.includes("@")) {
        out.push(token);
        continue;
      }
      let last = 0;
      for (const m of token.content.matchAll(MENTION)) {
        const start = (m.index ?? 0) + m[1].length;
        if (start > last) out.push(Object.assign(new state.Token("text", "", 0), { content: token.content.slice(last, start) }));
        const open = new state.Token("link_open", "a", 1);
        open.attrs = [["href", `/u/${encodeURIComponent(m[2])}`], ["class", "mention"]];
        out.push(open, Object.assign(new state.Token("text", "", 0), { content: `@${m[2]}` }), new state.Token("link_close", "a", -1));
        last = start + 1 + m[2].length;
      }
      if (last === 0) out.push(token);
      else if (last < token.content.length) out.push(Object.assign(new state.Token("text", "", 0), { content: token.content.slice(last) }));
    }
    block.children = out;
  }
});

const allowedTags = [
  "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
  "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
  "table", "thead", "tbody", "tr", "th", "td", "img",
];

export function renderMarkdown(source: string): string {
  const rendered = md.render(source);
  return sanitizeHtml(rendered, {
    allowedTags,
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    allowedClasses: { code: [/^language-[\w-]+$/], a: ["mention"] },
    transformTags: {
      // A mention is the forum's own profile page: it opens in place and needs no nofollow.
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href ?? "";
        if (attribs.class === "mention" && href.startsWith("/u/")) return { tagName, attribs: { href, class: "mention" } };
        const rest: sanitizeHtml.Attributes = { ...attribs, rel: "nofollow ugc noopener", target: "_blank" };
        delete rest.class;
        return { tagName, attribs: rest };
      },
    },
  });
}

/**
 * Every web address a post links to or shows as an image, as the renderer
 * finds them (written links, bare addresses linkified, images): what the spam
 * rules look at. Mentions and the forum's own relative links are not links out.
 */
export function linksIn(source: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      const attr = token.type === "link_open" ? token.attrGet("href") : token.type === "image" ? token.attrGet("src") : null;
      const href = attr === null ? "" : String(attr);
      if (/^https?:\/\//i.test(href)) found.push(href);
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(source, {}));
  return found;
}
