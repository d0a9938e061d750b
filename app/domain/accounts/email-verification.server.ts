/**
 * Confirming an address: a link mailed at sign-up and after every change of
 * address, good once for 48 hours, and only for the address it was sent to.
 * Until then the account counts as new (rate-limit/posting.server.ts) and the
 * layout shows a quiet banner with a button to send the link again.
 */
import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { users, type User } from "#db/schema";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { queueMail } from "~/domain/mail/queue.server";
import { consume } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { consumeAccountToken, issueAccountToken, SPENT_LINK_MESSAGE } from "./account-tokens.server";
import { verifyEmailSchema } from "./schemas";

/** Resends a member may ask for in an hour: enough for a slow inbox, too few to flood one. */
const RESENDS_PER_HOUR = 3;

/** Queues the link for `email` in the caller's transaction (sign-up, an email change, a resend). */
export async function queueVerification(tx: Executor, user: { id: string; email: string }) {
  const { token } = await issueAccountToken(tx, { userId: user.id, purpose: "verify_email", email: user.email });
  await queueMail(tx, [{ userId: user.id, to: user.email, template: "verify_email", data: { token } }]);
}

/**
 * Uses a verification link. Anyone holding the link may use it, signed in or
 * not (the link is the proof); it confirms the address it was sent to.
 */
export async function verifyEmail(input: unknown): Promise<User> {
  const { token } = parseInput(verifyEmailSchema, input);
  const user = await transact(async (tx) => {
    const used = await consumeAccountToken(tx, token, "verify_email");
    if (!used) return null;
    const at = now();
    const [updated] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${at.toISOString()}::timestamptz)`, updatedAt: at })
      .where(and(eq(users.id, used.userId), sql`lower(${users.email}) = ${used.email}`))
      .returning();
    return updated ?? null;
  });
  if (!user) throw new ValidationError({ token: [SPENT_LINK_MESSAGE] }, SPENT_LINK_MESSAGE);
  return user;
}

/** Where the signed-in member stands: the banner's address, or null once it is confirmed. */
export async function pendingVerification(actor: Actor | null | undefined): Promise<{ email: string } | null> {
  if (!actor) return null;
  const [row] = await db().select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.id));
  return row && !row.verifiedAt ? { email: row.email } : null;
}

/** Sends the link again (the banner's button, `POST /me/verification`); a confirmed address is left alone. */
export async function resendVerification(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  const [row] = await db().select({ id: users.id, email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, me.id));
  if (!row || row.verifiedAt) return { sent: false as const, email: row?.email ?? null };
  await consume({ key: `verify:resend:${me.id}`, max: RESENDS_PER_HOUR, windowSeconds: 3600 });
  await transact((tx) => queueVerification(tx, row));
  return { sent: true as const, email: row.email };
}

export async function isEmailVerified(userId: string) {
  const [row] = await db().select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  return Boolean(row?.verifiedAt);
}
