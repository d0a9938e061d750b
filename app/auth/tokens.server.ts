import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { apiTokens, users } from "#db/schema";
import type { Actor } from "./policies";

const TOKEN_PREFIX = "fpat_";

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Writes the token's hash in the caller's transaction; the token itself is shown once and never stored. */
export async function issueToken(tx: Executor, userId: string, name: string) {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const id = newId();
  const [row] = await tx
    .insert(apiTokens)
    .values({ id, userId, name, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 4) })
    .returning();
  return { token, record: row };
}

export async function actorFromToken(token: string): Promise<Actor | null> {
  return (await tokenIdentity(token))?.actor ?? null;
}

/** Who a token signs in, and which token it is (a socket remembers it, to end when it is revoked). */
export async function tokenIdentity(token: string): Promise<{ actor: Actor; tokenId: string; timeZone: string | null } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db()
    .select({ id: users.id, username: users.username, role: users.role, reputation: users.reputation, timeZone: users.timeZone, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Recording use at most once a minute keeps a busy integration from writing on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { actor: { id: row.id, username: row.username, role: row.role, reputation: row.reputation }, tokenId: row.tokenId, timeZone: row.timeZone };
}

export function listTokens(userId: string) {
  return db()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(apiTokens.createdAt);
}

export async function revokeToken(tx: Executor, userId: string, tokenId: string) {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
