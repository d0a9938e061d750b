import { postsWithoutLimits, type Actor } from "~/auth/policies";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { eq } from "drizzle-orm";
import { nowMs } from "~/clock";
import { consume } from "./limiter.server";

const DAY = 24 * 3600 * 1000;

/**
 * New accounts (under a day old, or whose address is not confirmed yet) may
 * post 5 times in 10 minutes; everyone else 30. Staff are not limited. Spam
 * waves come from fresh accounts with throwaway addresses, and a real
 * newcomer rarely posts more than that.
 */
export async function consumePostingAllowance(actor: Actor) {
  if (postsWithoutLimits(actor)) return;
  const [row] = await db().select({ createdAt: users.createdAt, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.id));
  const isNew = !row || !row.verifiedAt || nowMs() - row.createdAt.getTime() < DAY;
  await consume({ key: `post:${actor.id}`, max: isNew ? 5 : 30, windowSeconds: 600 });
}
