/**
 * The advocate programme's pipeline: members who cross the threshold are
 * nominated once, and staff decide. Nobody is promoted automatically: an
 * advocate speaks with the brand's mark on their posts.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { advocateNominations, reputationTotals, userBadges, users } from "#db/schema";
import { requirePermission, type Actor } from "~/auth/permissions";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { findUserByUsername, publicUser } from "~/domain/accounts/users.server";
import { announce, createNotifications } from "~/domain/notifications/notify.server";

import { NOMINATION } from "./rule";

async function acceptedCount(userId: string) {
  const [row] = await db()
    .select({ accepted: reputationTotals.accepted })
    .from(reputationTotals)
    .where(and(eq(reputationTotals.period, "all"), eq(reputationTotals.periodStart, "1970-01-01"), eq(reputationTotals.categoryId, ""), eq(reputationTotals.userId, userId)));
  return row?.accepted ?? 0;
}

/** Called by the badge job after each relevant event: nominates a customer the first time they qualify. */
export async function considerNomination(userId: string) {
  const [user] = await db().select({ role: users.role, reputation: users.reputation }).from(users).where(eq(users.id, userId));
  if (!user || user.role !== "customer" || user.reputation < NOMINATION.reputation) return false;
  const accepted = await acceptedCount(userId);
  if (accepted < NOMINATION.accepted) return false;
  const created = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(advocateNominations)
      .values({ userId, reason: `${user.reputation} reputation and ${accepted} solutions`, reputation: user.reputation, acceptedCount: accepted })
      .onConflictDoNothing()
      .returning();
    if (!row) return [];
    const staff = await tx.select({ id: users.id }).from(users).where(inArray(users.role, ["staff", "admin"]));
    return createNotifications(tx, staff.map((s) => ({ userId: s.id, kind: "nomination" as const, actorId: userId })));
  });
  announce(created);
  return created.length > 0;
}

/** The staff review list: pending nominations first, then the current advocates. */
export async function listAdvocateProgramme(actor: Actor | null) {
  requirePermission(actor, "advocate:manage");
  const badgeCount = sql<number>`(select count(*) from ${userBadges} b where b.user_id = ${users.id})`.mapWith(Number);
  const [pending, advocates] = await Promise.all([
    db()
      .select({ user: users, reason: advocateNominations.reason, nominatedAt: advocateNominations.createdAt, badges: badgeCount })
      .from(advocateNominations)
      .innerJoin(users, eq(users.id, advocateNominations.userId))
      .where(and(isNull(advocateNominations.decision), eq(users.role, "customer")))
      .orderBy(desc(advocateNominations.createdAt))
      .limit(100),
    db().select({ user: users, badges: badgeCount }).from(users).where(eq(users.role, "advocate")).orderBy(desc(users.reputation)).limit(200),
  ]);
  return {
    nominations: pending.map((n) => ({ user: publicUser(n.user), reason: n.reason, badges: n.badges, nominatedAt: n.nominatedAt.toISOString() })),
    advocates: advocates.map((a) => ({ user: publicUser(a.user), badges: a.badges })),
  };
}

async function decide(actor: Actor | null, username: string, to: "advocate" | "customer") {
  const me = requirePermission(actor, "advocate:manage");
  return db().transaction(async (tx) => {
    const target = await findUserByUsername(username, tx);
    if (!target) throw new NotFoundError("No such member.");
    const from = to === "advocate" ? "customer" : "advocate";
    if (target.role !== from) {
      throw new ConflictError(to === "advocate" ? `Only customers can be promoted; ${target.username} is ${target.role}.` : `${target.username} is not an advocate.`);
    }
    const [updated] = await tx.update(users).set({ role: to, updatedAt: new Date() }).where(eq(users.id, target.id)).returning();
    if (to === "advocate") {
      await tx
        .insert(advocateNominations)
        .values({ userId: target.id, reason: "Promoted by staff", reputation: target.reputation, acceptedCount: 0, decision: "promoted", decidedById: me.id, decidedAt: new Date() })
        .onConflictDoUpdate({ target: advocateNominations.userId, set: { decision: "promoted", decidedById: me.id, decidedAt: new Date() } });
    }
    return publicUser(updated);
  });
}

export const promoteAdvocate = (actor: Actor | null, username: string) => decide(actor, username, "advocate");
export const revokeAdvocate = (actor: Actor | null, username: string) => decide(actor, username, "customer");

export async function dismissNomination(actor: Actor | null, username: string) {
  const me = requirePermission(actor, "advocate:manage");
  const target = await findUserByUsername(username);
  if (!target) throw new NotFoundError("No such member.");
  const [row] = await db()
    .update(advocateNominations)
    .set({ decision: "dismissed", decidedById: me.id, decidedAt: new Date() })
    .where(and(eq(advocateNominations.userId, target.id), isNull(advocateNominations.decision)))
    .returning();
  if (!row) throw new NotFoundError(`${target.username} has no pending nomination.`);
}
