/**
 * The `mail.send` job: renders a queued message, sends it, and records what
 * happened on its outbox row. A message is sent at most once: a retried batch
 * skips rows already sent or skipped.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { mailMessages, users } from "#db/schema";
import { config } from "~/config.server";
import { communityName } from "~/domain/setup/first-run.server";
import { log } from "~/log.server";
import { now } from "~/clock";
import { renderMail } from "./layout.server";
import { ensureMailTemplates } from "./register.server";
import { rendererFor, secretTemplates } from "./templates.server";
import { deliver } from "./transport.server";

const SEND_CONCURRENCY = 8;

/** A sent or dropped message with a token in its data keeps none: only the recipient's copy opens the link. */
function scrubbed(template: string) {
  return secretTemplates.has(template) ? { data: "{}" } : {};
}

export async function sendMailJobs(jobs: { mailId: string }[]) {
  ensureMailTemplates();
  const ids = [...new Set(jobs.map((j) => j.mailId))];
  const rows = await db()
    .select({ mail: mailMessages, deletedAt: users.deletedAt })
    .from(mailMessages)
    .leftJoin(users, eq(users.id, mailMessages.userId))
    .where(inArray(mailMessages.id, ids));
  const community = await communityName();
  const failures: string[] = [];
  const sendOne = async ({ mail, deletedAt }: (typeof rows)[number]) => {
    if (mail.status === "sent" || mail.status === "skipped") return;
    try {
      const renderer = rendererFor(mail.template);
      if (!renderer) throw new Error(`mail: no template is registered for "${mail.template}"`);
      const content = deletedAt ? null : await renderer(JSON.parse(mail.data) as Record<string, unknown>, { mailId: mail.id, userId: mail.userId, to: mail.to, notificationId: mail.notificationId, community });
      if (!content) {
        await db().update(mailMessages).set({ status: "skipped", sentAt: now(), ...scrubbed(mail.template) }).where(eq(mailMessages.id, mail.id));
        return;
      }
      const rendered = renderMail(community, content);
      const headers: Record<string, string> = {};
      if (content.unsubscribeUrl) {
        headers["List-Unsubscribe"] = `<${content.unsubscribeUrl}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      const deliveredAs = await deliver({
        mailId: mail.id,
        from: config().MAIL_FROM,
        to: mail.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers,
      });
      await db()
        .update(mailMessages)
        .set({ status: "sent", subject: rendered.subject, deliveredAs, error: null, sentAt: now(), attempts: sql`${mailMessages.attempts} + 1`, ...scrubbed(mail.template) })
        .where(eq(mailMessages.id, mail.id));
    } catch (err) {
      log.error(`mail: sending ${mail.id} (${mail.template}) failed`, err);
      failures.push(mail.id);
      await db()
        .update(mailMessages)
        .set({ status: "failed", error: err instanceof Error ? err.message.slice(0, 500) : String(err).slice(0, 500), attempts: sql`${mailMessages.attempts} + 1` })
        .where(eq(mailMessages.id, mail.id));
    }
  };
  // A few at a time: each message waits mostly on the database and the SMTP server (a pool of connections), not on this process.
  for (let i = 0; i < rows.length; i += SEND_CONCURRENCY) await Promise.all(rows.slice(i, i + SEND_CONCURRENCY).map(sendOne));
  // The batch fails (and is retried) if any message did; those sent are skipped next time.
  if (failures.length) throw new Error(`mail: ${failures.length} of ${rows.length} messages failed; they will be retried`);
}
