/**
 * Deflection figures count what the ask form's suggestions did; anyone could
 * post "this solved my problem" for nothing, so every step a browser reports
 * carries a token the suggestions came with: an HMAC over the draft, the
 * questions suggested and when. A step is counted only for a suggestion that
 * was really shown to that draft, once per draft and kind, within a day.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { appSecretKey } from "~/domain/secrets.server";

const KEY_NAME = "deflection-tokens";
const MAX_AGE_MS = 24 * 3600 * 1000;

const key = () => appSecretKey(KEY_NAME);

function mac(k: Buffer, payload: string) {
  return createHmac("sha256", k).update(payload).digest("base64url");
}

/** `<issued, base 36>.<ids, comma-separated>.<mac>`: ids are [a-z0-9_], so neither separator can appear in them. */
export async function signSuggestions(draftId: string, questionIds: string[], now = Date.now()): Promise<string> {
  const body = `${now.toString(36)}.${questionIds.join(",")}`;
  return `${body}.${mac(await key(), `${draftId}.${body}`)}`;
}

export interface VerifiedSuggestions {
  questionIds: string[];
}

/** The suggestions a token vouches for, or null when it is forged, for another draft, or stale. */
export async function verifySuggestions(token: string, draftId: string, now = Date.now()): Promise<VerifiedSuggestions | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [issued, ids, given] = parts;
  const expected = Buffer.from(mac(await key(), `${draftId}.${issued}.${ids}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  const at = parseInt(issued, 36);
  if (!Number.isFinite(at) || now - at > MAX_AGE_MS || at - now > 60_000) return null;
  return { questionIds: ids ? ids.split(",") : [] };
}
