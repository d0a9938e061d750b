/** The mail a member gets when a device they have not used signs in to their account. */
import type { MailContent } from "~/domain/mail/layout.server";
import { absoluteUrl } from "~/domain/mail/links.server";

export async function renderNewDeviceMail(data: Record<string, unknown>): Promise<MailContent | null> {
  const device = typeof data.device === "string" ? data.device : "A new device";
  const ip = typeof data.ip === "string" && data.ip ? data.ip : null;
  const at = typeof data.at === "string" ? new Date(data.at) : null;
  const when = at && !Number.isNaN(at.getTime()) ? `${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : null;
  return {
    subject: `New sign-in to your account: ${device}`,
    paragraphs: [
      `Your account was just signed in to from ${device}${ip ? ` at the address ${ip}` : ""}${when ? `, on ${when}` : ""}.`,
      "If this was you, there is nothing to do. If it was not, sign that session out and change your password.",
    ],
    action: { label: "Review your sessions", url: absoluteUrl("/settings/sessions") },
    // Not something to unsubscribe from: it is how a member learns that someone else has their password.
    footer: "We send this for every sign-in from a device your account has not used, whatever your notification choices.",
  };
}
