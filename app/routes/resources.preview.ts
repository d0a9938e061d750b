import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { renderMarkdown } from "~/domain/content/markdown.server";

/** Renders Markdown with the same parser and sanitiser posts go through, for the editor's preview. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  if (!form) return json({ error: { code: "invalid", message: "The form could not be read." } }, { status: 400 });
  const body = String(form.get("body") ?? "").slice(0, 30_000);
  return json({ html: renderMarkdown(body) });
}
