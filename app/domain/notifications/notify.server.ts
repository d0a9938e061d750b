import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { transact, type EventLog } from "~/domain/events/transact.server";
import { newId } from "#db/ids";
import { notifications, questions, users, type CategoryVisibility, type NotificationKind } from "#db/schema";
import { canSeeCategory, ensureSignedIn, type Actor } from "~/auth/policies";
import { questionUrl } from "~/domain/questions/urls";
import { townhallTitles, townhallUrl } from "~/domain/townhalls/townhalls.server";
import { badgeBySlug } from "~/domain/badges/definitions";
import { mentionedUsernames } from "./mentions";
import { z } from "zod";
import { parseInput, storableDate, wholeNumber } from "~/domain/validate";
import { now as clock } from "~/clock";
import { ignoringPairs } from "~/domain/moderation/ignores.server";
import { queueNotificationMails } from "~/domain/mail-notifications/queue.server";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  actorId?: string | null;
  questionId?: string | null;
  answerId?: string | null;
  subject?: string | null;
}

/**
 * Writes notifications inside the caller's transaction, silently: commands call `notify`, which also rings the bell.
 * Nobody hears of their own doing, nor of what someone they ignore did (mentions, replies): filtered here, so every kind obeys it.
 */
export async function createNotifications(tx: Executor, rows: NewNotification[]) {
  const others = rows.filter((r) => r.userId !== r.actorId);
  const ignored = await ignoringPairs(
    tx,
    others.flatMap((r) => (r.actorId ? [{ userId: r.userId, actorId: r.actorId }] : [])),
  );
  const wanted = others.filter((r) => !r.actorId || !ignored.has(`${r.userId}:${r.actorId}`));
  if (!wanted.length) return [];
  const inserted = await tx
    .insert(notifications)
    .values(wanted.map((r) => ({ id: newId(), ...r, actorId: r.actorId ?? null, questionId: r.questionId ?? null, answerId: r.answerId ?? null, subject: r.subject ?? null })))
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, subject: notifications.subject });
  return inserted;
}

/**
 * Writes notifications inside the caller's transaction and records one
 * `notification.created` event each, so the bell rings after commit.
 */
export async function notify(tx: Executor, events: EventLog, rows: NewNotification[]) {
  const created = await createNotifications(tx, rows);
  await queueNotificationMails(tx, created);
  events.record(...created.map((n) => ({ type: "notification.created" as const, notificationId: n.id, userId: n.userId, kind: n.kind, subject: n.subject })));
  return created;
}

/** Mention notifications for the accounts named in a post (unknown names are ignored). */
export async function mentionNotifications(
  tx: Executor,
  body: string,
  base: Omit<NewNotification, "userId" | "kind">,
  skip: string[] = [],
  visibility: CategoryVisibility = "public",
) {
  const names = mentionedUsernames(body);
  if (!names.length) return [];
  const found = await tx
    .select({ id: users.id, username: users.username, role: users.role, reputation: users.reputation })
    .from(users)
    .where(inArray(sql`lower(${users.username})`, names));
  // A mention in a private category reaches only those who may read it: the notification carries the title.
  return found.filter((u) => !skip.includes(u.id) && canSeeCategory(u, visibility)).map((u) => ({ ...base, userId: u.id, kind: "mention" as const }));
}

export async function unreadCount(actor: Actor | null) {
  if (!actor) return 0;
  const [row] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

const actors = sql`(select username from users u where u.id = ${notifications.actorId})`;

const townhallKinds = new Set<NotificationKind>(["townhall_reminder", "townhall_answered"]);
const moderationKinds = new Set<NotificationKind>(["post_hidden", "flag_resolved"]);

function notificationUrl(n: { kind: NotificationKind; subject: string | null; questionId: string | null; answerId: string | null }) {
  if (n.kind === "badge" && n.subject) return `/badges/${n.subject}`;
  if (townhallKinds.has(n.kind) && n.subject) return townhallUrl(n.subject);
  if (n.kind === "nomination") return "/admin/advocates";
  if (n.kind === "new_device") return "/settings/sessions";
  return n.questionId ? questionUrl(n.questionId) + (n.answerId ? `#answer-${n.answerId}` : "") : null;
}

const listSchema = z.object({
  before: z
    .string()
    .max(100)
    .optional()
    .transform((v, ctx) => (v === undefined ? null : (storableDate(v) ?? (ctx.addIssue({ code: z.ZodIssueCode.custom, message: "cursor is a time from a nextCursor." }), z.NEVER)))),
  limit: wholeNumber("limit is 1 to 100.").pipe(z.number().min(1, "limit is 1 to 100.").max(100, "limit is 1 to 100.")).optional().default(30),
});

/** The bell's list, newest first; `before` is the previous page's nextCursor. */
export async function listNotifications(actor: Actor | null, input: { before?: unknown; limit?: unknown } = {}) {
  const me = ensureSignedIn(actor);
  const { before: beforeDate, limit } = parseInput(listSchema, input);
  const rows = await db()
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actor: sql<string | null>`${actors}`,
      questionId: notifications.questionId,
      answerId: notifications.answerId,
      subject: notifications.subject,
      questionTitle: questions.title,
    })
    .from(notifications)
    .leftJoin(questions, eq(questions.id, notifications.questionId))
    .where(and(eq(notifications.userId, me.id), beforeDate ? lt(notifications.createdAt, beforeDate) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const titles = await townhallTitles([...new Set(page.filter((n) => townhallKinds.has(n.kind) && n.subject).map((n) => n.subject!))]);
  return {
    notifications: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
      actor: n.actor ? { username: n.actor } : null,
      question: n.questionId ? { id: n.questionId, title: n.questionTitle ?? "(deleted question)", url: questionUrl(n.questionId) } : null,
      answerId: n.answerId,
      badge: n.kind === "badge" && n.subject ? { slug: n.subject, name: badgeBySlug(n.subject)?.name ?? n.subject } : null,
      townhall: townhallKinds.has(n.kind) && n.subject ? { id: n.subject, title: titles.get(n.subject) ?? "(a town hall)", url: townhallUrl(n.subject) } : null,
      // What staff did to the account: suspended, silenced, suspended_lifted or silenced_lifted.
      restriction: n.kind === "restricted" ? n.subject : null,
      url: notificationUrl(n),
      // Why a post was hidden (a flag reason), or how a flag ended (kept, hidden, deleted).
      moderation: moderationKinds.has(n.kind) ? { subject: n.subject } : null,
      // What the member follows that the question was asked in: a category's name or "#tag".
      followed: n.kind === "watched_question" && n.subject ? { name: n.subject } : null,
      // The device that signed in, in plain words with its address ("Firefox on Windows (203.0.113.7)").
      device: n.kind === "new_device" ? { description: n.subject ?? "A new device" } : null,
    })),
    unread: await unreadCount(me),
    nextCursor: rows.length > limit ? page[page.length - 1].createdAt.toISOString() : null,
  };
}

/** Marks the given notifications (or all of them) read; returns how many were unread. */
export async function markRead(actor: Actor | null, ids?: string[]) {
  const me = ensureSignedIn(actor);
  const updated = await transact((tx) =>
    tx
      .update(notifications)
      .set({ readAt: clock() })
      .where(and(eq(notifications.userId, me.id), isNull(notifications.readAt), ids?.length ? inArray(notifications.id, ids) : undefined))
      .returning({ id: notifications.id }),
  );
  return updated.length;
}
