/**
 * Forgot password. The request answers the same, in the same time, whether
 * or not the address has an account: it only counts the request against its
 * limits and queues a job with the address; the job (accounts.password_reset)
 * looks the account up and mails the link. The link's token is single use and
 * lasts an hour; using it sets the new password, confirms the address (the
 * member just read mail sent there) and signs out every session.
 */
import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { accountTokens, users, type User } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { config } from "~/config.server";
import { now } from "~/clock";
import { ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { queueMail } from "~/domain/mail/queue.server";
import { liveRestrictions } from "~/domain/moderation/live.server";
import { consume } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { enqueueJobs } from "~/jobs/boss.server";
import { consumeAccountToken, hashAccountToken, issueAccountToken, looksLikeAccountToken, SPENT_LINK_MESSAGE } from "./account-tokens.server";
import { ensurePasswordSignIn } from "./password-sign-in.server";
import { weakPasswordReason } from "./password-strength.server";
import { passwordResetConfirmSchema, passwordResetRequestSchema } from "./schemas";
import { signOutEverywhere } from "./sessions.server";

/** The one answer to every reset request. */
export const RESET_REQUESTED_MESSAGE = "If an account uses that address, we've sent a link to choose a new password. It works once, within an hour.";

export async function requestPasswordReset(input: unknown, meta: { ip: string }) {
  // With OIDC_ONLY the provider is the only way in: no password to reset.
  ensurePasswordSignIn();
  const { email } = parseInput(passwordResetRequestSchema, input);
  const address = email.toLowerCase();
  const c = config();
  // Both limits count every request, known address or not, so a 429 says nothing about who has an account.
  await consume({ key: `reset:ip:${meta.ip}`, max: c.PASSWORD_RESET_LIMIT_PER_IP, windowSeconds: c.PASSWORD_RESET_LIMIT_WINDOW_SECONDS });
  await consume({ key: `reset:email:${address}`, max: c.PASSWORD_RESET_LIMIT_PER_ADDRESS, windowSeconds: c.PASSWORD_RESET_LIMIT_WINDOW_SECONDS });
  await transact((tx) => enqueueJobs(tx, "accounts.password_reset", [{ data: { email: address } }]));
}

/** The job: a link for each address that belongs to an account in good standing; nothing, silently, for the rest. */
export async function runPasswordResetJobs(jobs: { email: string }[]) {
  for (const { email } of jobs) {
    const [user] = await db()
      .select({ id: users.id, email: users.email, deletedAt: users.deletedAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
      .limit(1);
    if (!user || user.deletedAt) continue;
    // Staff stopped this account: it gets no mail from us, a way back in included.
    if ((await liveRestrictions(user.id)).suspended) continue;
    await transact(async (tx) => {
      const { token } = await issueAccountToken(tx, { userId: user.id, purpose: "reset_password", email: user.email });
      await queueMail(tx, [{ userId: user.id, to: user.email, template: "reset_password", data: { token } }]);
    });
  }
}

/** The member a reset link is for, while it still works (to check the new password against their name before the link is spent). */
async function resetTarget(token: string) {
  if (!looksLikeAccountToken(token)) return null;
  const [row] = await db()
    .select({ user: users })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(
      and(
        eq(accountTokens.tokenHash, hashAccountToken(token)),
        eq(accountTokens.purpose, "reset_password"),
        sql`${accountTokens.usedAt} is null and ${accountTokens.expiresAt} > ${now().toISOString()}::timestamptz and ${users.deletedAt} is null`,
      ),
    )
    .limit(1);
  return row?.user ?? null;
}

/**
 * Sets the new password with a reset link. A weak password leaves the link
 * working (the member tries another); a spent one is a 400 naming the link.
 * Every session ends, this browser's too: the page signs it in afresh.
 */
export async function confirmPasswordReset(input: unknown): Promise<User> {
  ensurePasswordSignIn();
  const data = parseInput(passwordResetConfirmSchema, input);
  const target = await resetTarget(data.token);
  if (!target) throw new ValidationError({ token: [SPENT_LINK_MESSAGE] }, SPENT_LINK_MESSAGE);
  const weak = await weakPasswordReason(data.password, [target.username, target.email.split("@")[0]]);
  if (weak) throw new ValidationError({ password: [weak] });
  const passwordHash = await hashPassword(data.password);
  const user = await transact(async (tx) => {
    const used = await consumeAccountToken(tx, data.token, "reset_password");
    if (!used) return null;
    const at = now();
    const [updated] = await tx
      .update(users)
      .set({
        passwordHash,
        updatedAt: at,
        // Reading the link proves the address the mail went to, if it is still the account's.
        emailVerifiedAt: sql`case when ${users.emailVerifiedAt} is null and lower(${users.email}) = ${used.email} then ${at.toISOString()}::timestamptz else ${users.emailVerifiedAt} end`,
      })
      .where(eq(users.id, used.userId))
      .returning();
    return updated ?? null;
  });
  if (!user) throw new ValidationError({ token: [SPENT_LINK_MESSAGE] }, SPENT_LINK_MESSAGE);
  await signOutEverywhere(user.id);
  return user;
}

/** Whether the page should show the form (the link works) or say it is spent. */
export async function resetLinkWorks(token: string | null) {
  return Boolean(token && (await resetTarget(token)));
}
