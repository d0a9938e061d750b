/**
 * Review items as the other commands open them: a spam rule holding a new
 * post, a hidden post's author editing it, a flag joining a post's item.
 * Each runs in the caller's transaction and says "the queue changed".
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { flags, reviewItems, type ModeratedType, type ReviewSource } from "#db/schema";
import type { EventLog } from "~/domain/events/transact.server";
import { now as clock } from "~/clock";
import type { SpamRule } from "./spam-rules.server";

export interface ModeratedRef {
  type: ModeratedType;
  id: string;
  authorId: string;
}

/**
 * The post's pending item, opened if there is none. Two openers racing meet
 * on the unique index of pending items, and the loser reads the winner's.
 */
export async function pendingItemFor(tx: Executor, ref: ModeratedRef, source: ReviewSource, rule: SpamRule | null = null) {
  await tx
    .insert(reviewItems)
    .values({ id: newId(), targetType: ref.type, targetId: ref.id, authorId: ref.authorId, source, rule, createdAt: clock() })
    .onConflictDoNothing();
  const [item] = await tx
    .select()
    .from(reviewItems)
    .where(and(eq(reviewItems.targetType, ref.type), eq(reviewItems.targetId, ref.id), eq(reviewItems.status, "pending")))
    .for("update");
  return item;
}

/** A new post a spam rule held: it is already hidden, and waits for staff. */
export async function holdForReview(tx: Executor, events: EventLog, ref: ModeratedRef, rule: SpamRule) {
  const item = await pendingItemFor(tx, ref, "spam_rule", rule);
  events.record({ type: "review.changed", itemId: item.id });
  return item;
}

/** A hidden post its author edited: back in the queue (it stays hidden until staff keep it). */
export async function returnToReview(tx: Executor, events: EventLog, ref: ModeratedRef) {
  const item = await pendingItemFor(tx, ref, "edited");
  // Already waiting: the edit makes it newer news, not a second item.
  events.record({ type: "review.changed", itemId: item.id });
  return item;
}

/** Adds a flag's weight to the item and returns the new total. */
export async function addWeight(tx: Executor, itemId: string, weight: number) {
  const [row] = await tx
    .update(reviewItems)
    .set({ weight: sql`${reviewItems.weight} + ${weight}` })
    .where(eq(reviewItems.id, itemId))
    .returning({ weight: reviewItems.weight });
  return row.weight;
}

/** Was this post ever out in public? A post held on arrival and never kept was not: keeping it publishes it. */
export async function everPublished(tx: Executor, ref: Pick<ModeratedRef, "type" | "id">) {
  const [row] = await tx
    .select({
      held: sql<boolean>`coalesce(bool_or(${reviewItems.source} = 'spam_rule'), false)`,
      kept: sql<boolean>`coalesce(bool_or(${reviewItems.status} = 'kept'), false)`,
    })
    .from(reviewItems)
    .where(and(eq(reviewItems.targetType, ref.type), eq(reviewItems.targetId, ref.id)));
  return !row?.held || row.kept;
}

/** The latest review of each hidden post, for its author's and staff's view of why it is hidden. */
export async function hiddenReasons(targets: { type: ModeratedType; id: string }[]) {
  const out = new Map<string, { source: string; rule: string | null; reasons: string[]; status: string }>();
  if (!targets.length) return out;
  const items = await db()
    .select({ id: reviewItems.id, targetType: reviewItems.targetType, targetId: reviewItems.targetId, source: reviewItems.source, rule: reviewItems.rule, status: reviewItems.status })
    .from(reviewItems)
    .where(inArray(reviewItems.targetId, targets.map((t) => t.id)))
    .orderBy(asc(reviewItems.createdAt));
  const reasons = items.length
    ? await db().selectDistinct({ itemId: flags.reviewItemId, reason: flags.reason }).from(flags).where(inArray(flags.reviewItemId, items.map((i) => i.id)))
    : [];
  // Oldest first, so the newest review of a post is the one that stays.
  for (const i of items) {
    out.set(`${i.targetType}:${i.targetId}`, { source: i.source, rule: i.rule, status: i.status, reasons: reasons.filter((r) => r.itemId === i.id).map((r) => r.reason) });
  }
  return out;
}

/** Which of these posts this member has flagged already (the page says so instead of offering the form again). */
export async function flaggedBy(actor: { id: string } | null | undefined, postIds: string[]) {
  if (!actor || !postIds.length) return new Set<string>();
  const rows = await db().select({ id: flags.targetId }).from(flags).where(and(eq(flags.userId, actor.id), inArray(flags.targetId, postIds)));
  return new Set(rows.map((r) => r.id));
}
