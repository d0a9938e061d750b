/**
 * The account's own messages: confirm an address, reset a password, and the
 * notice to an old address that the account moved. They carry no unsubscribe
 * link (a member cannot opt out of their own security mail), and each checks,
 * when it is sent, that it is still true: a verification for an address the
 * member has since changed or already confirmed is dropped.
 */
import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import type { MailContent } from "~/domain/mail/layout.server";
import { absoluteUrl } from "~/domain/mail/links.server";
import type { MailContext } from "~/domain/mail/templates.server";

async function recipient(ctx: MailContext) {
  if (!ctx.userId) return null;
  const [user] = await db().select({ email: users.email, username: users.username, verifiedAt: users.emailVerifiedAt, deletedAt: users.deletedAt }).from(users).where(eq(users.id, ctx.userId));
  return user && !user.deletedAt ? user : null;
}

function tokenOf(data: Record<string, unknown>) {
  return typeof data.token === "string" ? data.token : null;
}

export async function renderVerifyEmail(data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  const user = await recipient(ctx);
  const token = tokenOf(data);
  if (!user || !token || user.email.toLowerCase() !== ctx.to.toLowerCase() || user.verifiedAt) return null;
  return {
    subject: `Confirm your email address for ${ctx.community}`,
    paragraphs: [`Hi ${user.username},`, `Please confirm that ${ctx.to} is your address. The link works once, within 48 hours.`],
    action: { label: "Confirm my address", url: absoluteUrl(`/verify-email?token=${encodeURIComponent(token)}`) },
    footer: "You get this because this address was given for an account. If that was not you, ignore this message: nothing happens without the link.",
  };
}

export async function renderResetPassword(data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  const user = await recipient(ctx);
  const token = tokenOf(data);
  if (!user || !token) return null;
  return {
    subject: `Reset your password for ${ctx.community}`,
    paragraphs: [
      `Hi ${user.username},`,
      "Someone (we hope you) asked to reset the password of your account. Choose a new one with the link below. It works once, within one hour, and signs out every other device.",
    ],
    action: { label: "Choose a new password", url: absoluteUrl(`/reset-password?token=${encodeURIComponent(token)}`) },
    footer: "If you did not ask for this, ignore this message: your password stays as it is.",
  };
}

/** "ab…@example.com": enough for the owner to recognise, not a full address handed to whoever reads the old inbox. */
export function maskEmail(email: string) {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 2)}…@${domain ?? ""}`;
}

export async function renderEmailChanged(data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  if (!ctx.userId) return null;
  const [user] = await db().select({ username: users.username }).from(users).where(eq(users.id, ctx.userId));
  if (!user) return null;
  const to = typeof data.newEmail === "string" ? maskEmail(data.newEmail) : "a new address";
  return {
    subject: `The email address of your ${ctx.community} account changed`,
    paragraphs: [
      `Hi ${user.username},`,
      `The email address of your account was changed to ${to}. Mail from the community goes there from now on.`,
      "If you did not change it, someone may know your password: contact the community team at once.",
    ],
    action: { label: "Open your account settings", url: absoluteUrl("/settings/account") },
    footer: "You get this because this address belonged to the account until now. This is the last message it receives.",
  };
}
