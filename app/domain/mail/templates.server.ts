/**
 * Every kind of message the forum sends, and what renders it. A renderer runs
 * when the message is sent, not when it is queued, so it says what is true
 * then, and it may return null to drop the message (the notification was read
 * in the page meanwhile, the member turned that mail off).
 *
 * Renderers live with the capability that sends them; this registry only
 * names them, so adding a template means one line here.
 */
import type { MailContent } from "./layout.server";

export interface MailContext {
  mailId: string;
  userId: string | null;
  to: string;
  notificationId: string | null;
  community: string;
}

export type MailRenderer = (data: Record<string, unknown>, ctx: MailContext) => Promise<MailContent | null>;

// Filled in by registerMailTemplates (mail/register.server.ts) at start; a name without a renderer fails its message loudly.
const renderers = new Map<string, MailRenderer>();

export const mailTemplateNames = ["test", "verify_email", "reset_password", "notification", "digest_daily", "digest_weekly", "new_device", "email_changed"] as const;
export type MailTemplateName = (typeof mailTemplateNames)[number];

/** Templates whose data carries a token that opens the account: their data is wiped once the message is out, so the outbox keeps no working link. */
export const secretTemplates: ReadonlySet<string> = new Set<MailTemplateName>(["verify_email", "reset_password"]);

export function registerMailTemplate(name: MailTemplateName, renderer: MailRenderer) {
  renderers.set(name, renderer);
}

export function rendererFor(name: string): MailRenderer | undefined {
  return renderers.get(name);
}
