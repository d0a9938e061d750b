/**
 * Names each mail template's renderer. Kept apart from templates.server.ts so
 * that the capabilities which queue mail (and import the template names) do
 * not import each other's renderers.
 */
import { renderEmailChanged, renderResetPassword, renderVerifyEmail } from "~/domain/accounts/account-mail.server";
import { renderNewDeviceMail } from "~/domain/accounts/new-device-mail.server";
import { renderDailyDigest } from "~/domain/mail-notifications/digest.server";
import { renderWeeklyDigest } from "~/domain/mail-notifications/weekly-digest.server";
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
  registerMailTemplate("digest_weekly", renderWeeklyDigest);
  registerMailTemplate("verify_email", renderVerifyEmail);
  registerMailTemplate("reset_password", renderResetPassword);
  registerMailTemplate("email_changed", renderEmailChanged);
  registerMailTemplate("new_device", renderNewDeviceMail);
}
