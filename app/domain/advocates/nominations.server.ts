/**
 * The advocate programme's pipeline: members who cross the threshold are
 * nominated once, and staff decide. Nobody is promoted automatically: an
 * advocate speaks with the brand's mark on their posts.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { advocateNominations, userBadges, users } from "#db/schema";
import {
  advocateRole,
  canBePromotedToAdvocate,
  ensureCan,
  ensureCanRead,
  hasNominationReputation,
  isAdvocate,
  isDueForNomination,
  memberRole,
  type Actor,
} from "~/auth/policies";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { findUserByUsername, publicUser, staffIds } from "~/domain/accounts/users.server";
import { notify } from "~/domain/notifications/notify.server";
import { acceptedSolutions } from "~/domain/reputation/totals.server";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";

/** Called by the badge job after each relevant event: nominates a customer the first time they qualify. */
export async function considerNomination(userId: string) {
  const [user] = await db().select({ role: users.role, reputation: users.reputation }).from(users).where(eq(users.id, userId));
  if (!user || !hasNominationReputation(user)) return false;
  const accepted = await acceptedSolutions(userId);
  if (!isDueForNomination(user, accepted)) return false;
  return transact(async (tx, events) => {
    const [row] = await tx
      .insert(advocateNominations)
      .values({ userId, reason: `${user.reputation} reputation and ${accepted} solutions`, reputation: user.reputation, acceptedCount: accepted })
      .onConflictDoNothing()
      .returning();
    if (!row) return false;
    const created = await notify(tx, events, (await staffIds(tx)).map((id) => ({ userId: id, kind: "nomination" as const, actorId: userId })));
    return created.length > 0;
  });
}

/** The staff review list: pending nominations first, then the current advocates. */
export async function listAdvocateProgramme(actor: Actor | null) {
  ensureCanRead(actor, "advocate:manage");
  const badgeCount = sql<number>`(select count(*) from ${userBadges} b where b.user_id = ${users.id})`.mapWith(Number);
  const [pending, advocates] = await Promise.all([
    db()
      .select({ user: users, reason: advocateNominations.reason, nominatedAt: advocateNominations.createdAt, badges: badgeCount })
      .from(advocateNominations)
      .innerJoin(users, eq(users.id, advocateNominations.userId))
      .where(and(isNull(advocateNominations.decision), eq(users.role, memberRole)))
      .orderBy(desc(advocateNominations.createdAt))
      .limit(100),
    db().select({ user: users, badges: badgeCount }).from(users).where(eq(users.role, advocateRole)).orderBy(desc(users.reputation)).limit(200),
  ]);
  return {
    nominations: pending.map((n) => ({ user: publicUser(n.user), reason: n.reason, badges: n.badges, nominatedAt: n.nominatedAt.toISOString() })),
    advocates: advocates.map((a) => ({ user: publicUser(a.user), badges: a.badges })),
  };
}

async function decide(actor: Actor | null, username: string, decision: "promote" | "revoke") {
  const me = ensureCan(actor, "advocate:manage");
  return transact(async (tx, events) => {
    const target = await findUserByUsername(username, tx);
    if (!target) throw new NotFoundError("No such member.");
    const promote = decision === "promote";
    if (!(promote ? canBePromotedToAdvocate(target) : isAdvocate(target))) {
      throw new ConflictError(promote ? `Only customers can be promoted; ${target.username} is ${target.role}.` : `${target.username} is not an advocate.`);
    }
    const [updated] = await tx
      .update(users)
      .set({ role: promote ? advocateRole : memberRole, updatedAt: clock() })
      .where(eq(users.id, target.id))
      .returning();
    // The Advocate Lounge opens or closes for them: their open sockets are checked again.
    events.record({ type: "user.access_changed", userId: target.id });
    await recordAudit(tx, me, { action: promote ? "advocate.promoted" : "advocate.revoked", target: { type: "user", id: target.id, label: target.username } });
    if (promote) {
      await tx
        .insert(advocateNominations)
        .values({ userId: target.id, reason: "Promoted by staff", reputation: target.reputation, acceptedCount: 0, decision: "promoted", decidedById: me.id, decidedAt: clock() })
        .onConflictDoUpdate({ target: advocateNominations.userId, set: { decision: "promoted", decidedById: me.id, decidedAt: clock() } });
    }
    return publicUser(updated);
  });
}

export const promoteAdvocate = (actor: Actor | null, username: string) => decide(actor, username, "promote");
export const revokeAdvocate = (actor: Actor | null, username: string) => decide(actor, username, "revoke");

export async function dismissNomination(actor: Actor | null, username: string) {
  const me = ensureCan(actor, "advocate:manage");
  const target = await findUserByUsername(username);
  if (!target) throw new NotFoundError("No such member.");
  const [row] = await transact(async (tx) => {
    const dismissed = await tx
      .update(advocateNominations)
      .set({ decision: "dismissed", decidedById: me.id, decidedAt: clock() })
      .where(and(eq(advocateNominations.userId, target.id), isNull(advocateNominations.decision)))
      .returning();
    if (dismissed.length) await recordAudit(tx, me, { action: "advocate.nomination_dismissed", target: { type: "user", id: target.id, label: target.username } });
    return dismissed;
  });
  if (!row) throw new NotFoundError(`${target.username} has no pending nomination.`);
}
