import { and, eq, gt } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { userRestrictions } from "#db/schema";
import type { ActiveRestriction, Actor } from "~/auth/policies";
import { now as clock } from "~/clock";

export interface LiveRestrictions {
  suspended: ActiveRestriction | null;
  silenced: ActiveRestriction | null;
}

/**
 * The restrictions in force on an account now. A row whose `until` has
 * passed is simply over: nothing has to wake up to lift it.
 */
export async function liveRestrictions(userId: string, tx: Executor = db()): Promise<LiveRestrictions> {
  const rows = await tx
    .select({ kind: userRestrictions.kind, until: userRestrictions.until, reason: userRestrictions.reason })
    .from(userRestrictions)
    .where(and(eq(userRestrictions.userId, userId), gt(userRestrictions.until, clock())));
  const of = (kind: "suspended" | "silenced") => {
    const row = rows.find((r) => r.kind === kind);
    return row ? { until: row.until.toISOString(), reason: row.reason } : null;
  };
  return { suspended: of("suspended"), silenced: of("silenced") };
}

/** The actor with its live restrictions, as every request and socket handshake sees it. */
export async function withRestrictions(actor: Actor): Promise<Actor> {
  return { ...actor, ...(await liveRestrictions(actor.id)) };
}
