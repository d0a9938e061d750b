/**
 * The digests. The daily one: once a day, one message per member gathering the
 * notifications of kinds they chose "daily" for that are still unread. It is
 * idempotent per member and day (a second run for the same day queues
 * nothing), so a repeated or duplicated schedule job is harmless.
 */
import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { notifications, questions, users } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import type { MailContent } from "~/domain/mail/layout.server";
import { absoluteUrl, unsubscribeUrl } from "~/domain/mail/links.server";
import { queueMailOnce } from "~/domain/mail/queue.server";
import type { MailContext } from "~/domain/mail/templates.server";
import { effectiveEmailPrefs, isEmailKind } from "~/domain/notifications/preferences";
import { notificationVerb } from "./render.server";
import { questionUrl } from "~/domain/questions/urls";
import { enqueueJob } from "~/jobs/boss.server";
import { nextWeeklyDigestAt, sendWeeklyDigests } from "./weekly-digest.server";

const DAY_MS = 86_400_000;
/** Digests go out at 07:00 UTC. */
const SEND_HOUR_UTC = 7;

export function nextDigestAt(after: Date): Date {
  const at = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), SEND_HOUR_UTC));
  return at > after ? at : new Date(at.getTime() + DAY_MS);
}

/** Queues the daily digests for the 24 hours before `now`; returns how many members get one. */
export async function sendDailyDigests(now: Date): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  const rows = await db()
    .select({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, email: users.email, prefs: users.emailPrefs })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        gt(notifications.createdAt, new Date(now.getTime() - DAY_MS)),
        lte(notifications.createdAt, now),
        isNull(notifications.readAt),
        isNull(users.deletedAt),
        sql`${users.emailVerifiedAt} is not null`,
      ),
    );
  const byMember = new Map<string, { email: string; ids: string[] }>();
  for (const r of rows) {
    if (!isEmailKind(r.kind) || effectiveEmailPrefs(r.prefs)[r.kind] !== "daily") continue;
    const m = byMember.get(r.userId) ?? { email: r.email, ids: [] };
    m.ids.push(r.id);
    byMember.set(r.userId, m);
  }
  return queueMailOnce(
    "digest_daily",
    { field: "day", value: day },
    [...byMember].map(([userId, m]) => ({ userId, to: m.email, template: "digest_daily" as const, data: { day, notificationIds: m.ids } })),
  );
}

export async function renderDailyDigest(data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  const ids = Array.isArray(data.notificationIds) ? data.notificationIds.filter((v): v is string => typeof v === "string") : [];
  if (!ids.length || !ctx.userId) return null;
  const rows = await db()
    .select({ kind: notifications.kind, questionId: notifications.questionId, answerId: notifications.answerId, title: questions.title, actor: sql<string | null>`(select username from users u where u.id = ${notifications.actorId})` })
    .from(notifications)
    .leftJoin(questions, and(eq(questions.id, notifications.questionId), isNull(questions.deletedAt), isNull(questions.hiddenAt)))
    .where(and(inArray(notifications.id, ids), eq(notifications.userId, ctx.userId), isNull(notifications.readAt)));
  const items = rows
    .filter((r) => r.questionId && r.title)
    .map((r) => ({
      title: r.title!,
      url: absoluteUrl(questionUrl(r.questionId!) + (r.answerId ? `#answer-${r.answerId}` : "")),
      detail: `${r.actor ?? "someone"} ${isEmailKind(r.kind) ? notificationVerb(r.kind).replace(/:$/, "") : r.kind}`,
    }));
  if (!items.length) return null;
  return {
    subject: `Your daily digest: ${items.length} update${items.length === 1 ? "" : "s"}`,
    paragraphs: ["Here is what happened in the last day in what you chose a daily digest for."],
    items,
    action: { label: "Open your notifications", url: absoluteUrl("/notifications") },
    footer: `You get this because you chose the daily digest for some notifications. Change it in your notification settings (${absoluteUrl("/settings/notifications")}).`,
    unsubscribeUrl: await unsubscribeUrl(ctx.userId, "daily_digest"),
  };
}

type DigestPeriod = "daily" | "weekly";

const digests: Record<DigestPeriod, { send: (at: Date) => Promise<number>; next: (after: Date) => Date }> = {
  daily: { send: sendDailyDigests, next: nextDigestAt },
  weekly: { send: sendWeeklyDigests, next: nextWeeklyDigestAt },
};

/** The job: send the digest due at `at`, then schedule the next one of its period. */
export async function runDigestJobs(jobs: { period: DigestPeriod; at: string }[]) {
  for (const job of jobs) {
    const digest = digests[job.period];
    await digest.send(new Date(job.at));
    await scheduleDigest(job.period, digest.next(new Date(job.at)));
  }
}

/** Each start schedules the next digest of both periods (a no-op when one already waits). */
export async function scheduleDigests(now: Date) {
  for (const period of Object.keys(digests) as DigestPeriod[]) await scheduleDigest(period, digests[period].next(now));
}

/**
 * Schedules the digest of `period` due at `at`. The queue is stately with one
 * key per period, so at most one run of each waits at a time: each server
 * start may call this, and the running job schedules its successor, without
 * ever doubling the chain.
 */
export async function scheduleDigest(period: DigestPeriod, at: Date) {
  await transact((tx) => enqueueJob(tx, "mail.digest", { period, at: at.toISOString() }, { startAfter: at, singletonKey: `digest:${period}` }));
}
