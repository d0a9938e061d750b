/**
 * Following a question, a category or a tag: a watch row per member and
 * thing. Following twice is still following and stopping twice still
 * stopped, so both commands answer 200 whatever the row's state was.
 */
import { and, eq, sql } from "drizzle-orm";
import { now } from "~/clock";
import { watches, type WatchTarget } from "#db/schema";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import type { Executor } from "#db/client.server";
import { transact } from "~/domain/events/transact.server";
import { resolveTarget } from "./targets.server";

export type WatchView = {
  watching: boolean;
};

export async function watch(actor: Actor | null, type: WatchTarget, key: string): Promise<WatchView> {
  const me = ensureSignedIn(actor);
  return transact(async (tx) => {
    const target = await resolveTarget(me, type, key, tx);
    await addWatch(tx, me.id, type, target.targetId);
    return { watching: true };
  });
}

/** Stopping needs the target to be visible too: a 404 either way keeps a private category's existence private. */
export async function unwatch(actor: Actor | null, type: WatchTarget, key: string): Promise<WatchView> {
  const me = ensureSignedIn(actor);
  return transact(async (tx) => {
    const target = await resolveTarget(me, type, key, tx);
    await tx.delete(watches).where(and(eq(watches.userId, me.id), eq(watches.targetType, type), eq(watches.targetId, target.targetId)));
    return { watching: false };
  });
}

/** The asker follows their own question: taken from the question row, so an event about a question that is not there writes nothing. */
export async function askerWatches(tx: Executor, questionId: string) {
  await tx.execute(sql`insert into watches (user_id, target_type, target_id, created_at)
    select author_id, 'question', id, ${now().toISOString()}::timestamptz from questions where id = ${questionId} on conflict do nothing`);
}

/** The watch row itself, inside the caller's transaction (the asker's own question, a command above). */
export async function addWatch(tx: Executor, userId: string, type: WatchTarget, targetId: string) {
  await tx.insert(watches).values({ userId, targetType: type, targetId }).onConflictDoNothing();
}

/**
 * Stops following by the stored id, for the Following page: a question
 * deleted or a category closed since still has to be let go of, and the
 * member only ever removes their own row.
 */
export async function unwatchStored(actor: Actor | null, type: WatchTarget, targetId: string): Promise<WatchView> {
  const me = ensureSignedIn(actor);
  await transact((tx) => tx.delete(watches).where(and(eq(watches.userId, me.id), eq(watches.targetType, type), eq(watches.targetId, targetId))));
  return { watching: false };
}
