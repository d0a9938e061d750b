/**
 * Suspending and silencing members (staff). Suspended: signed in but read
 * only, enforced by the guards (`ensureActive`, `ensureCan`) from the
 * restrictions every actor carries. Silenced: what they post is held for
 * review (the posting commands read `user_restrictions` for that). Each
 * change is an audit line, a notification to the member, and a
 * `user.access_changed` event so that their open sockets pick it up at once.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "#db/client.server";
import { restrictionKinds, userRestrictions, type RestrictionKind, type User } from "#db/schema";
import { canRestrict, ensure, ensureCan, restrictRefusal, type ActiveRestriction, type Actor } from "~/auth/policies";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";
import { findUserByUsername } from "~/domain/accounts/users.server";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { transact, type EventLog } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { parseInput } from "~/domain/validate";
import { restrictionSchema } from "./restriction-schemas";

export interface RestrictionView {
  username: string;
  suspended?: ActiveRestriction | null;
  silenced?: ActiveRestriction | null;
}

const auditAction = { suspended: "user.suspended", silenced: "user.silenced" } as const;

/** Loads the member and checks that this actor may restrict them: 403 for non-staff before 404, as role changes do. */
async function restrictable(tx: Tx, actor: Actor, username: string) {
  const target = await findUserByUsername(username, tx);
  if (!target) throw new NotFoundError("No such member.");
  ensure(canRestrict(actor, target), restrictRefusal(actor, target));
  return target;
}

async function announce(tx: Tx, events: EventLog, me: Actor, target: User, subject: string) {
  await notify(tx, events, [{ userId: target.id, kind: "restricted", actorId: me.id, subject }]);
  // Open sockets check who they are again, so a suspended member's socket stops writing at once.
  events.record({ type: "user.access_changed", userId: target.id });
}

async function restrict(actor: Actor | null, username: string, kind: RestrictionKind, input: unknown): Promise<RestrictionView> {
  const me = ensureCan(actor, "user:restrict", "Only staff can suspend or silence members.");
  const { until, reason } = parseInput(restrictionSchema, input);
  return transact(async (tx, events) => {
    const target = await restrictable(tx, me, username);
    // One row per kind: restricting again replaces the end and the reason.
    await tx
      .insert(userRestrictions)
      .values({ userId: target.id, kind, until, reason, byId: me.id, createdAt: clock() })
      .onConflictDoUpdate({ target: [userRestrictions.userId, userRestrictions.kind], set: { until, reason, byId: me.id, createdAt: clock() } });
    await recordAudit(tx, me, { action: auditAction[kind], target: { type: "user", id: target.id, label: target.username }, data: { until: until.toISOString(), reason } });
    await announce(tx, events, me, target, kind);
    return { username: target.username, [kind]: { until: until.toISOString(), reason } };
  });
}

/** Read only until `until`: every write answers 403 `suspended`. */
export function suspendUser(actor: Actor | null, username: string, input: unknown) {
  return restrict(actor, username, "suspended", input);
}

/** Until `until`, what the member posts waits in the review queue. */
export function silenceUser(actor: Actor | null, username: string, input: unknown) {
  return restrict(actor, username, "silenced", input);
}

/** Ends a restriction early. Lifting one that is not in force changes nothing and says so with `null`. */
export async function liftRestriction(actor: Actor | null, username: string, kind: unknown): Promise<RestrictionView> {
  const me = ensureCan(actor, "user:restrict", "Only staff can lift a suspension or silence.");
  const which = restrictionKinds.find((k) => k === kind);
  if (!which) throw new ValidationError({ kind: [`kind is one of ${restrictionKinds.join(", ")}.`] });
  return transact(async (tx, events) => {
    const target = await restrictable(tx, me, username);
    const [lifted] = await tx
      .delete(userRestrictions)
      .where(and(eq(userRestrictions.userId, target.id), eq(userRestrictions.kind, which)))
      .returning({ until: userRestrictions.until });
    // A row whose time had run out was already over: deleting it is tidying, not news.
    if (lifted && lifted.until > clock()) {
      await recordAudit(tx, me, { action: "user.restriction_lifted", target: { type: "user", id: target.id, label: target.username }, data: { kind: which } });
      await announce(tx, events, me, target, `${which}_lifted`);
    }
    return { username: target.username, [which]: null };
  });
}
