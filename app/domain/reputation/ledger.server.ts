import { and, eq, gte, inArray, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { reputationEvents, reputationTotals, users, type ReputationEvent, type ReputationKind } from "#db/schema";
import type { EventLog } from "~/domain/events/transact.server";
import { periods, periodStart } from "./periods";
import { now as clock } from "~/clock";

export interface Award {
  userId: string;
  kind: Exclude<ReputationKind, "reversal">;
  points: number;
  sourceKey: string;
  actorId?: string | null;
  postType?: "question" | "answer" | null;
  postId?: string | null;
  questionId?: string | null;
  categoryId?: string | null;
  responseSeconds?: number | null;
  at?: Date;
}

/**
 * Moves the cached total and the leaderboard sums by one event's effect, in
 * the buckets of the moment it was earned, so a reversal takes points back
 * from the week that got them.
 */
async function applyToTotals(tx: Executor, event: ReputationEvent, sign: 1 | -1, earnedAt: Date) {
  const accepted = event.kind === "answer_accepted" ? sign : 0;
  const firstResponses = event.kind === "first_response" ? sign : 0;
  const firstResponseSeconds = firstResponses ? sign * (event.responseSeconds ?? 0) : 0;
  const points = sign * event.points;
  if (points === 0 && accepted === 0 && firstResponses === 0) return;
  if (points !== 0) await tx.update(users).set({ reputation: sql`${users.reputation} + ${points}` }).where(eq(users.id, event.userId));
  const scopes = event.categoryId ? ["", event.categoryId] : [""];
  const rows = periods.flatMap((period) =>
    scopes.map((categoryId) => ({
      period,
      periodStart: periodStart(period, earnedAt),
      categoryId,
      userId: event.userId,
      points,
      accepted,
      firstResponses,
      firstResponseSeconds,
    })),
  );
  await tx
    .insert(reputationTotals)
    .values(rows)
    .onConflictDoUpdate({
      target: [reputationTotals.period, reputationTotals.periodStart, reputationTotals.categoryId, reputationTotals.userId],
      set: {
        points: sql`${reputationTotals.points} + excluded.points`,
        accepted: sql`${reputationTotals.accepted} + excluded.accepted`,
        firstResponses: sql`${reputationTotals.firstResponses} + excluded.first_responses`,
        firstResponseSeconds: sql`${reputationTotals.firstResponseSeconds} + excluded.first_response_seconds`,
      },
    });
}

/** Says whose reputation moved, once per write: badge checks and caches follow it. */
function changed(events: EventLog, rows: ReputationEvent[]) {
  if (rows.length) events.record({ type: "reputation.changed", userIds: [...new Set(rows.map((e) => e.userId))] });
}

/** Appends awards to the ledger and moves every cache with them. */
export async function record(tx: Executor, events: EventLog, awards: Award[]) {
  const written: ReputationEvent[] = [];
  for (const a of awards) {
    const [event] = await tx
      .insert(reputationEvents)
      .values({
        id: newId(),
        userId: a.userId,
        kind: a.kind,
        points: a.points,
        sourceKey: a.sourceKey,
        actorId: a.actorId ?? null,
        postType: a.postType ?? null,
        postId: a.postId ?? null,
        questionId: a.questionId ?? null,
        categoryId: a.categoryId ?? null,
        responseSeconds: a.responseSeconds ?? null,
        createdAt: a.at ?? clock(),
      })
      .returning();
    await applyToTotals(tx, event, 1, event.createdAt);
    written.push(event);
  }
  changed(events, written);
  return written;
}

const reversal = alias(reputationEvents, "reversal");

export type ReversalScope =
  | { sourceKeys: string[] }
  | { post: { type: "question" | "answer"; id: string } }
  | { pair: { actorId: string; userId: string; since: Date } };

/** The events in scope that still stand (no reversal points at them). */
export async function standingEvents(tx: Executor, scope: ReversalScope) {
  const where =
    "sourceKeys" in scope
      ? inArray(reputationEvents.sourceKey, scope.sourceKeys)
      : "post" in scope
        ? and(eq(reputationEvents.postType, scope.post.type), eq(reputationEvents.postId, scope.post.id))
        : and(
            eq(reputationEvents.actorId, scope.pair.actorId),
            eq(reputationEvents.userId, scope.pair.userId),
            // A typed comparison: a raw Date in sql`` reaches postgres.js as text it cannot parse.
            gte(reputationEvents.createdAt, scope.pair.since),
            sql`${reputationEvents.sourceKey} like 'vote:%'`,
          );
  const rows = await tx
    .select({ event: reputationEvents })
    .from(reputationEvents)
    .leftJoin(reversal, eq(reversal.reversesId, reputationEvents.id))
    .where(and(where, ne(reputationEvents.kind, "reversal"), isNull(reversal.id)));
  return rows.map((r) => r.event);
}

/**
 * Undoes the standing events in scope with reversal rows. A second, racing
 * reversal of the same event finds the unique key taken and changes nothing.
 */
export async function reverse(tx: Executor, events: EventLog, scope: ReversalScope, reason: string) {
  const standing = await standingEvents(tx, scope);
  const reversed: ReputationEvent[] = [];
  for (const e of standing) {
    const [row] = await tx
      .insert(reputationEvents)
      .values({
        id: newId(),
        userId: e.userId,
        kind: "reversal",
        points: -e.points,
        sourceKey: e.sourceKey,
        actorId: e.actorId,
        postType: e.postType,
        postId: e.postId,
        questionId: e.questionId,
        categoryId: e.categoryId,
        reversesId: e.id,
        reason,
      })
      .onConflictDoNothing({ target: reputationEvents.reversesId })
      .returning();
    if (!row) continue;
    await applyToTotals(tx, e, -1, e.createdAt);
    reversed.push(row);
  }
  changed(events, reversed);
  return reversed;
}
