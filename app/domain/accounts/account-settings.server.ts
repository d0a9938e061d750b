/**
 * Email and password, changed by the member (settings, `PATCH /me/email`,
 * `PUT /me/password`). Both need the current password: a session left open
 * on a shared computer must not be enough to take the account over. Wrong
 * guesses count against a limit of their own, as logins do.
 */
import { eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { users, type User } from "#db/schema";
import { endOtherSessions } from "~/auth/lucia.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { ConflictError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { queueMail } from "~/domain/mail/queue.server";
import { assertWithinLimits, recordHit, type Limit } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { queueVerification } from "./email-verification.server";
import { weakPasswordReason } from "./password-strength.server";
import { emailChangeSchema, passwordChangeSchema } from "./schemas";

const TAKEN = "Another account uses that address.";

function guessLimit(userId: string): Limit {
  return { key: `password-check:${userId}`, max: 10, windowSeconds: 15 * 60 };
}

/** The member's row, after their current password (in `field`) proved it is them. */
async function provenUser(actor: Actor | null, password: string, field: string): Promise<User> {
  const me = ensureSignedIn(actor);
  const [user] = await db().select().from(users).where(eq(users.id, me.id));
  if (!user || user.deletedAt) throw new UnauthenticatedError();
  const limit = guessLimit(user.id);
  await assertWithinLimits([limit]);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordHit(limit);
    throw new ValidationError({ [field]: ["That is not your current password."] });
  }
  return user;
}

function isUniqueViolation(err: unknown) {
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "23505";
}

/**
 * Moves the account to a new address: unconfirmed until the link mailed there
 * is opened, and the old address is told (the one way its owner learns, if
 * someone else did it).
 */
export async function changeEmail(actor: Actor | null, input: unknown): Promise<User> {
  ensureSignedIn(actor);
  const data = parseInput(emailChangeSchema, input);
  const email = data.email.toLowerCase();
  const user = await provenUser(actor, data.password, "password");
  if (user.email.toLowerCase() === email) throw new ValidationError({ email: ["That is already your address."] });
  const [other] = await db().select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (other) throw new ConflictError(TAKEN, { email: [TAKEN] });
  try {
    return await transact(async (tx) => {
      const [updated] = await tx.update(users).set({ email, emailVerifiedAt: null, updatedAt: now() }).where(eq(users.id, user.id)).returning();
      await queueVerification(tx, updated);
      await queueMail(tx, [{ userId: user.id, to: user.email, template: "email_changed", data: { newEmail: email } }]);
      return updated;
    });
  } catch (err) {
    // Two accounts raced for one address: the unique index decided.
    if (isUniqueViolation(err)) throw new ConflictError(TAKEN, { email: [TAKEN] });
    throw err;
  }
}

/**
 * A new password, checked as at sign-up. Every other session ends (whoever
 * knew the old password is signed out); the one that made the change stays.
 */
export async function changePassword(actor: Actor | null, input: unknown, session: { sessionId: string | null }): Promise<User> {
  ensureSignedIn(actor);
  const data = parseInput(passwordChangeSchema, input);
  const user = await provenUser(actor, data.currentPassword, "currentPassword");
  const weak = await weakPasswordReason(data.password, [user.username, user.email.split("@")[0]]);
  if (weak) throw new ValidationError({ password: [weak] });
  const passwordHash = await hashPassword(data.password);
  const updated = await transact(async (tx, events) => {
    const [row] = await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, user.id)).returning();
    const ended = await endOtherSessions(user.id, session.sessionId, tx);
    for (const sessionId of ended) events.record({ type: "session.ended", userId: user.id, sessionId });
    return row;
  });
  return updated;
}

/** What the account settings page shows: the address and whether it is confirmed. */
export async function accountSettingsPage(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  const [row] = await db().select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, me.id));
  if (!row) throw new UnauthenticatedError();
  return { email: row.email, emailVerified: Boolean(row.verifiedAt) };
}
