/**
 * Queuing a message: a row in the outbox and a `mail.send` job, both in the
 * caller's transaction, so mail exists exactly when the change that caused it
 * committed, and the request never waits for an SMTP server.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { mailMessages } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import { enqueueJobs } from "~/jobs/boss.server";
import type { MailTemplateName } from "./templates.server";

export interface QueuedMail {
  userId: string | null;
  to: string;
  template: MailTemplateName;
  data?: Record<string, unknown>;
  notificationId?: string | null;
}

export async function queueMail(tx: Executor, mails: QueuedMail[], options: { delaySeconds?: number } = {}) {
  if (!mails.length) return [];
  const rows = mails.map((m) => ({
    id: newId(),
    userId: m.userId,
    to: m.to,
    template: m.template,
    data: JSON.stringify(m.data ?? {}),
    notificationId: m.notificationId ?? null,
  }));
  // Chunked: a digest or a followed category may queue thousands at once.
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(mailMessages).values(rows.slice(i, i + 1000));
  const startAfter = options.delaySeconds || undefined;
  await enqueueJobs(tx, "mail.send", rows.map((r) => ({ data: { mailId: r.id }, ...(startAfter ? { startAfter } : {}) })));
  return rows.map((r) => r.id);
}

/**
 * Queues each message unless its member already has one of `template` whose
 * data holds the same `key` (a digest's day or week), so a repeated or
 * duplicated run sends nothing twice. Returns how many were queued.
 */
export async function queueMailOnce(template: MailTemplateName, key: { field: string; value: string }, mails: QueuedMail[]): Promise<number> {
  const userIds = mails.flatMap((m) => (m.userId ? [m.userId] : []));
  if (!mails.length) return 0;
  const sent = userIds.length
    ? await db()
        .select({ userId: mailMessages.userId })
        .from(mailMessages)
        .where(and(eq(mailMessages.template, template), inArray(mailMessages.userId, userIds), sql`${mailMessages.data}::jsonb ->> ${key.field} = ${key.value}`))
    : [];
  const already = new Set(sent.map((r) => r.userId));
  const fresh = mails.filter((m) => !m.userId || !already.has(m.userId));
  await transact((tx) => queueMail(tx, fresh));
  return fresh.length;
}
