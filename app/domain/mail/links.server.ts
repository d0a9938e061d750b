/**
 * What a mailed message links to. Mail is sent by a job, far from any
 * request, so links are built on PUBLIC_URL (or this server's own address when
 * it is unset, which only works on the machine that runs it).
 *
 * Unsubscribe links must work without signing in (RFC 8058 one-click), so
 * they carry an HMAC over the member and what they leave: a link works for
 * its recipient only, and nobody can make one for someone else.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "~/config.server";
import { appSecretKey } from "~/domain/secrets.server";

export function publicOrigin(): string {
  const cfg = config();
  if (cfg.PUBLIC_URL) return new URL(cfg.PUBLIC_URL).origin;
  return `http://localhost:${cfg.PORT}`;
}

export function absoluteUrl(path: string): string {
  return new URL(path, publicOrigin()).toString();
}

const key = () => appSecretKey("unsubscribe-links");

/** What an unsubscribe link turns off: one notification kind's mail, the weekly digest, or all mail but the account's own (reset, verification). */
export type UnsubscribeScope = `kind:${string}` | "daily_digest" | "weekly_digest" | "all";

function mac(k: Buffer, payload: string) {
  return createHmac("sha256", k).update(payload).digest("base64url");
}

/** `<userId>.<scope>.<mac>`; ids are [a-z0-9_] and scopes [a-z_:], so "." separates safely. */
export async function unsubscribeToken(userId: string, scope: UnsubscribeScope): Promise<string> {
  const body = `${userId}.${scope}`;
  return `${body}.${mac(await key(), body)}`;
}

export async function readUnsubscribeToken(token: string): Promise<{ userId: string; scope: UnsubscribeScope } | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [userId, scope, given] = parts;
  if (!/^[a-z0-9_-]{1,64}$/i.test(userId) || !/^(kind:[a-z_]{1,40}|daily_digest|weekly_digest|all)$/.test(scope)) return null;
  const expected = Buffer.from(mac(await key(), `${userId}.${scope}`));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { userId, scope: scope as UnsubscribeScope };
}

export async function unsubscribeUrl(userId: string, scope: UnsubscribeScope): Promise<string> {
  return absoluteUrl(`/unsubscribe?token=${encodeURIComponent(await unsubscribeToken(userId, scope))}`);
}
