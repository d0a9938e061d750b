/**
 * The single-use, expiring tokens that mailed links carry (account_tokens).
 * The link holds 32 random bytes; the table holds only their SHA-256, so a
 * copy of the database opens no account. Using a token is one conditional
 * UPDATE: of two requests racing with the same link, exactly one gets the row.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { accountTokens, type AccountToken, type AccountTokenPurpose } from "#db/schema";
import { now } from "~/clock";

/** A reset link is a key to the account: short-lived. A verification link only proves an address, and mail can be slow to be read. */
export const TOKEN_LIFETIME_SECONDS: Record<AccountTokenPurpose, number> = {
  reset_password: 3600,
  verify_email: 48 * 3600,
};

/** What a spent link says, wherever it is used (page or API). */
export const SPENT_LINK_MESSAGE = "This link has expired or was already used.";

export function hashAccountToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** The shape every issued token has; anything else is refused before a query. */
export function looksLikeAccountToken(token: string) {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Issues a token in the caller's transaction and returns it (the only time it
 * exists in clear). Older unused tokens of the same purpose stop working: only
 * the newest mail's link is good, so a forwarded or leaked older one is not.
 */
export async function issueAccountToken(tx: Executor, input: { userId: string; purpose: AccountTokenPurpose; email: string }) {
  const token = randomBytes(32).toString("base64url");
  const at = now();
  await tx
    .update(accountTokens)
    .set({ usedAt: at })
    .where(and(eq(accountTokens.userId, input.userId), eq(accountTokens.purpose, input.purpose), isNull(accountTokens.usedAt)));
  const expiresAt = new Date(at.getTime() + TOKEN_LIFETIME_SECONDS[input.purpose] * 1000);
  await tx.insert(accountTokens).values({ id: newId(), userId: input.userId, purpose: input.purpose, tokenHash: hashAccountToken(token), email: input.email.toLowerCase(), createdAt: at, expiresAt });
  return { token, expiresAt };
}

function usable(token: string, purpose: AccountTokenPurpose) {
  return and(eq(accountTokens.tokenHash, hashAccountToken(token)), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), sql`${accountTokens.expiresAt} > ${now().toISOString()}::timestamptz`);
}

/**
 * Uses a token once: the row comes back to exactly one caller, and never for
 * a used or expired token. A verification also needs the address it was sent
 * to to be the member's address still (a link mailed before an email change
 * proves nothing about the new one). In the caller's transaction, so that
 * the change the token allows and its use commit or roll back together.
 */
export async function consumeAccountToken(tx: Executor, token: string, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
  if (!looksLikeAccountToken(token)) return null;
  // Spelled out with table names: inside UPDATE's subquery an unqualified "email" would be the member's own.
  const stillTheirs =
    purpose === "verify_email"
      ? sql`exists (select 1 from "users" u where u.id = "account_tokens"."user_id" and lower(u.email) = "account_tokens"."email" and u.deleted_at is null)`
      : sql`exists (select 1 from "users" u where u.id = "account_tokens"."user_id" and u.deleted_at is null)`;
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: now() })
    .where(and(usable(token, purpose), stillTheirs))
    .returning();
  return row ?? null;
}

/** Whether a link would still work, without using it: the page shows the form, or says the link is spent. */
export async function accountTokenIsUsable(token: string, purpose: AccountTokenPurpose, executor: Executor = db()) {
  if (!looksLikeAccountToken(token)) return false;
  const [row] = await executor.select({ id: accountTokens.id }).from(accountTokens).where(usable(token, purpose)).limit(1);
  return Boolean(row);
}
