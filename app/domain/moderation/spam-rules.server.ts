/**
 * The spam rules (docs/decisions/010-spam-rules.md): a post is held for
 * review, hidden from everyone but its author and staff, when
 *
 * - its author is silenced;
 * - it repeats a post staff removed as spam (the same words, or a link that
 *   such a post carried);
 * - it links out and its author is new here: fewer than three posts standing
 *   in public and no reputation to speak of. Most link spam is a fresh
 *   account's first post; a real newcomer's link waits minutes, not days.
 *
 * Staff and advocates are never held: the brand vouches for them. The posting
 * limits (rate-limit/posting.server.ts) still apply on top.
 */
import { createHash } from "node:crypto";
import { and, count, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { answers, questions, spamFingerprints, userRestrictions } from "#db/schema";
import { exemptFromSpamRules, postsWithoutLimits, type Actor } from "~/auth/policies";
import { linksIn } from "~/domain/content/markdown.server";
import { now as clock } from "~/clock";

export type SpamRule = "silenced" | "repeat_spam" | "first_links";

/** Standing posts a newcomer needs before their links go straight out. */
export const NEWCOMER_POSTS = 3;

/** The words of a post without case, punctuation or spacing, hashed: a pasted copy matches, a reworded one not. */
export function textFingerprint(text: string): string {
  const folded = text.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return createHash("sha256").update(folded).digest("hex");
}

/** A link as a fingerprint: scheme, case of the host, a trailing slash and the fragment do not make it new. */
export function linkFingerprint(href: string): string | null {
  try {
    const url = new URL(href);
    url.hash = "";
    return `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}${url.search}`;
  } catch {
    return null;
  }
}

function fingerprintsOf(text: string) {
  const links = [...new Set(linksIn(text).map(linkFingerprint).filter((l): l is string => l !== null))];
  return { text: textFingerprint(text), links };
}

export async function isSilenced(tx: Executor, userId: string) {
  const [row] = await tx
    .select({ until: userRestrictions.until })
    .from(userRestrictions)
    .where(and(eq(userRestrictions.userId, userId), eq(userRestrictions.kind, "silenced"), gt(userRestrictions.until, clock())));
  return Boolean(row);
}

async function repeatsRemovedSpam(tx: Executor, prints: { text: string; links: string[] }) {
  const textMatch = tx.select({ v: spamFingerprints.value }).from(spamFingerprints).where(and(eq(spamFingerprints.kind, "text"), eq(spamFingerprints.value, prints.text))).limit(1);
  const [byText] = await textMatch;
  if (byText) return true;
  if (!prints.links.length) return false;
  const [byLink] = await tx
    .select({ v: spamFingerprints.value })
    .from(spamFingerprints)
    .where(and(eq(spamFingerprints.kind, "link"), inArray(spamFingerprints.value, prints.links)))
    .limit(1);
  return Boolean(byLink);
}

async function standingPosts(tx: Executor, userId: string) {
  const [[q], [a]] = await Promise.all([
    tx.select({ n: count() }).from(questions).where(and(eq(questions.authorId, userId), isNull(questions.deletedAt), isNull(questions.hiddenAt))),
    tx.select({ n: count() }).from(answers).where(and(eq(answers.authorId, userId), isNull(answers.deletedAt), isNull(answers.hiddenAt))),
  ]);
  return (q?.n ?? 0) + (a?.n ?? 0);
}

/**
 * FOR BENCHMARKS ONLY: `MODERATION_SPAM_RULES=off` in the server's environment
 * turns every rule off (no query, nothing held), so tests/bench/moderation.ts
 * can post without them as its baseline. Never set it on a real forum.
 */
export function spamRulesOff(): boolean {
  return process.env.MODERATION_SPAM_RULES === "off";
}

/** The rule that holds this post, or null when it goes straight out. */
export async function spamRuleFor(tx: Executor, author: Actor, text: string): Promise<SpamRule | null> {
  if (spamRulesOff()) return null;
  if (exemptFromSpamRules(author)) return null;
  if (await isSilenced(tx, author.id)) return "silenced";
  const prints = fingerprintsOf(text);
  if (await repeatsRemovedSpam(tx, prints)) return "repeat_spam";
  // Members trusted enough to post without limits are trusted with links too.
  if (prints.links.length && !postsWithoutLimits(author) && (await standingPosts(tx, author.id)) < NEWCOMER_POSTS) return "first_links";
  return null;
}

/** Staff removed this as spam: its words and its links hold the next copy. */
export async function rememberSpam(tx: Executor, text: string, reviewItemId: string) {
  const prints = fingerprintsOf(text);
  const rows = [{ kind: "text" as const, value: prints.text }, ...prints.links.map((value) => ({ kind: "link" as const, value }))];
  await tx
    .insert(spamFingerprints)
    .values(rows.map((r) => ({ ...r, reviewItemId, createdAt: clock() })))
    .onConflictDoNothing();
}
