/**
 * The forum's look in a mail client: one centred card, the community's name
 * on top, a single call-to-action button, a quiet footer. Inline styles only
 * (mail clients drop <style> and classes); every part also has a plain-text twin.
 */
import escapeHtml from "escape-html";

export interface MailContent {
  subject: string;
  /** Short lines of plain prose, shown as paragraphs. */
  paragraphs: string[];
  /** Optional quoted text (the answer, the question), shown as a block. */
  quote?: string;
  action?: { label: string; url: string };
  /** Further links below the action (a digest's questions). */
  items?: { title: string; url: string; detail?: string }[];
  /** Why this mail came, and how to stop it. */
  footer: string;
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(community: string, c: MailContent): RenderedMail {
  const text = [
    ...c.paragraphs,
    ...(c.quote ? [c.quote.split("\n").map((l) => `> ${l}`).join("\n")] : []),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`] : []),
    ...(c.items?.length ? [c.items.map((i) => `- ${i.title}${i.detail ? ` (${i.detail})` : ""}\n  ${i.url}`).join("\n")] : []),
    "--",
    `${community}. ${c.footer}`,
    ...(c.unsubscribeUrl ? [`Unsubscribe: ${c.unsubscribeUrl}`] : []),
  ].join("\n\n");

  const p = (s: string) => `<p style="margin:0 0 14px;line-height:1.5">${escapeHtml(s)}</p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(c.subject)}</title></head>
<body style="margin:0;background:#f1f5f9;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<div style="font-weight:700;font-size:16px;color:#4338ca;margin-bottom:12px">${escapeHtml(community)}</div>
<div style="background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:24px;font-size:15px">
${c.paragraphs.map(p).join("\n")}
${c.quote ? `<blockquote style="margin:0 0 14px;padding:8px 12px;border-left:3px solid #c7d2fe;color:#334155;white-space:pre-wrap">${escapeHtml(c.quote)}</blockquote>` : ""}
${c.action ? `<p style="margin:20px 0"><a href="${escapeHtml(c.action.url)}" style="display:inline-block;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:8px">${escapeHtml(c.action.label)}</a></p>` : ""}
${c.items?.length ? `<ul style="padding-left:18px;margin:0 0 14px">${c.items.map((i) => `<li style="margin-bottom:8px"><a href="${escapeHtml(i.url)}" style="color:#4338ca">${escapeHtml(i.title)}</a>${i.detail ? ` <span style="color:#64748b">· ${escapeHtml(i.detail)}</span>` : ""}</li>`).join("")}</ul>` : ""}
</div>
<p style="font-size:12px;color:#64748b;line-height:1.5;margin-top:16px">${escapeHtml(c.footer)}${c.unsubscribeUrl ? ` <a href="${escapeHtml(c.unsubscribeUrl)}" style="color:#64748b">Unsubscribe</a>.` : ""}</p>
</div></body></html>`;
  return { subject: c.subject, text, html };
}
