/**
 * "Ignore this member": their posts fold away for me and they no longer
 * notify me (mentions, replies). Staff cannot be ignored (see `canIgnore`).
 * Nothing tells the ignored member: it is my view of the forum, not a
 * sanction.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { userIgnores, users } from "#db/schema";
import { canIgnore, ensure, ensureCan, ensureSignedIn, ignoreRefusal, type Actor, type Viewer } from "~/auth/policies";
import { findUserByUsername } from "~/domain/accounts/users.server";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";

export interface IgnoreView {
  user: { username: string };
  ignoring: boolean;
}

async function ignorable(tx: Executor, me: Actor, username: string) {
  const target = await findUserByUsername(username, tx);
  if (!target) throw new NotFoundError("No such member.");
  ensure(canIgnore(me, target), ignoreRefusal(me, target));
  return target;
}

export async function ignoreUser(actor: Actor | null, username: string): Promise<IgnoreView> {
  const me = ensureCan(actor, "user:ignore");
  return transact(async (tx) => {
    const target = await ignorable(tx, me, username);
    // Ignoring twice is still ignoring: the second call is a no-op, not a conflict.
    await tx.insert(userIgnores).values({ userId: me.id, ignoredId: target.id }).onConflictDoNothing();
    return { user: { username: target.username }, ignoring: true };
  });
}

export async function stopIgnoring(actor: Actor | null, username: string): Promise<IgnoreView> {
  const me = ensureCan(actor, "user:ignore");
  return transact(async (tx) => {
    const target = await findUserByUsername(username, tx);
    if (!target) throw new NotFoundError("No such member.");
    await tx.delete(userIgnores).where(and(eq(userIgnores.userId, me.id), eq(userIgnores.ignoredId, target.id)));
    return { user: { username: target.username }, ignoring: false };
  });
}

/** Whom I ignore, by name (GET /me/ignores). */
export async function listIgnores(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  const rows = await db()
    .select({ username: users.username, since: userIgnores.createdAt })
    .from(userIgnores)
    .innerJoin(users, eq(users.id, userIgnores.ignoredId))
    .where(eq(userIgnores.userId, me.id))
    .orderBy(asc(users.username));
  return { ignores: rows.map((r) => ({ username: r.username, since: r.since.toISOString() })) };
}

/** Of these authors, the ones the viewer ignores (for folding their posts away on a page). */
export async function ignoredAmong(viewer: Viewer, authorIds: string[], tx: Executor = db()): Promise<Set<string>> {
  const ids = [...new Set(authorIds)];
  if (!viewer || !ids.length) return new Set();
  const rows = await tx
    .select({ id: userIgnores.ignoredId })
    .from(userIgnores)
    .where(and(eq(userIgnores.userId, viewer.id), inArray(userIgnores.ignoredId, ids)));
  return new Set(rows.map((r) => r.id));
}

/** The names of the members the viewer ignores, for a page that folds their posts away (a short list: one query, no join per post). */
export async function ignoredUsernames(viewer: Viewer): Promise<string[]> {
  if (!viewer) return [];
  const rows = await db()
    .select({ username: users.username })
    .from(userIgnores)
    .innerJoin(users, eq(users.id, userIgnores.ignoredId))
    .where(eq(userIgnores.userId, viewer.id));
  return rows.map((r) => r.username);
}

/** Whether the viewer ignores this member (the profile's button). */
export async function isIgnoring(viewer: Viewer, userId: string): Promise<boolean> {
  return (await ignoredAmong(viewer, [userId])).has(userId);
}

/** The (recipient, actor) pairs among these where the recipient ignores the actor: such notifications are not written. */
export async function ignoringPairs(tx: Executor, pairs: { userId: string; actorId: string }[]): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const rows = await tx
    .select({ userId: userIgnores.userId, ignoredId: userIgnores.ignoredId })
    .from(userIgnores)
    .where(and(inArray(userIgnores.userId, [...new Set(pairs.map((p) => p.userId))]), inArray(userIgnores.ignoredId, [...new Set(pairs.map((p) => p.actorId))])));
  return new Set(rows.map((r) => `${r.userId}:${r.ignoredId}`));
}
