/**
 * Names each mail template's renderer. Kept apart from templates.server.ts so
 * that the capabilities which queue mail (and import the template names) do
 * not import each other's renderers.
 */
import { renderNewDeviceMail } from "~/domain/accounts/new-device-mail.server";
import { renderDailyDigest } from "~/domain/mail-notifications/digest.server";
import { renderNotificationMail } from "~/domain/mail-notifications/render.server";
import { registerMailTemplate } from "./templates.server";

let registered = false;

export function ensureMailTemplates() {
  if (registered) return;
  registered = true;
  // A message an admin can send to check the mail setup (and the tests' smallest case).
  registerMailTemplate("test", async (data) => ({
    subject: "Mail from your community works",
    paragraphs: [typeof data.note === "string" ? data.note : "This is a test message: mail from the forum reaches this address."],
    footer: "An administrator sent this to check the mail setup.",
  }));
  registerMailTemplate("notification", renderNotificationMail);
  registerMailTemplate("digest_daily", renderDailyDigest);
  registerMailTemplate("new_device", renderNewDeviceMail);
}
