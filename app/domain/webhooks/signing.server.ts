/**
 * How a webhook is signed, for the sender and for receivers (documented for
 * integrators in docs/api.md, "Webhooks"):
 *
 *   x-forum-timestamp: <unix seconds when this attempt was sent>
 *   x-forum-signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 *
 * `body` is the exact bytes of the request body. The secret ("whsec_" + 64
 * hex characters) is the HMAC key as a UTF-8 string, prefix included. Each
 * attempt is signed afresh, so a retry carries a new timestamp and signature
 * but the same body and `x-forum-delivery` id (receivers dedupe on that id).
 * Receivers compare in constant time and refuse timestamps older than a few
 * minutes, so a captured request cannot be replayed later: `verifySignature`
 * does both. No database here: a receiver's test can import it alone.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const WEBHOOK_USER_AGENT = "NimbusCommunity-Webhooks/1";
export const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * The queue "webhooks.deliver" retries a failed job 8 times (app/jobs/boss.server.ts),
 * so a delivery gets 9 attempts; the 9th failure marks it failed instead of throwing.
 */
export const WEBHOOK_MAX_ATTEMPTS = 9;
/** How old a signed timestamp `verifySignature` accepts by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface VerifyOptions {
  /** Reject timestamps further than this from `now` (seconds); Infinity skips the check. Default 300. */
  toleranceSeconds?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: number;
}

/**
 * For receivers (and tests): true when `header` (the `x-forum-signature`
 * value) is the HMAC of `${timestamp}.${body}` under `secret` and the
 * timestamp is recent. Compares in constant time. The header may list several
 * signatures separated by commas; any match is accepted.
 */
export function verifySignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string | null | undefined,
  options: VerifyOptions = {}
): boolean {
  if (!header || !secret) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Number.isFinite(tolerance) && Math.abs(now - Number(ts)) > tolerance) return false;
  const expected = Buffer.from(signPayload(secret, ts, body).slice("sha256=".length), "hex");
  let ok = false;
  for (const part of header.split(",")) {
    const match = /^\s*sha256=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (!match) continue;
    // No early exit: every candidate is compared.
    if (timingSafeEqual(Buffer.from(match[1], "hex"), expected)) ok = true;
  }
  return ok;
}

/** A new endpoint's shared secret. */
export function newWebhookSecret() {
  return `whsec_${randomBytes(32).toString("hex")}`;
}
