import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { questionViews, questions } from "#db/schema";
import { now } from "~/clock";
import { transact } from "~/domain/events/transact.server";

/**
 * Views this process has already written today: a reader who reloads (or a
 * cached page served again) costs no transaction. The table stays the judge;
 * this only skips writes it would refuse.
 */
const counted = new LRUCache<string, true>({ max: 100_000 });

/** Counts a page view once per viewer (account, or anonymous fingerprint) per UTC day. */
export async function recordView(questionId: string, viewerKey: string) {
  const day = now().toISOString().slice(0, 10);
  const seen = `${day}|${questionId}|${viewerKey}`;
  if (counted.has(seen)) return;
  await transact(async (tx) => {
    const inserted = await tx
      .insert(questionViews)
      .values({ questionId, viewerKey, day })
      .onConflictDoNothing()
      .returning({ questionId: questionViews.questionId });
    if (inserted.length) await tx.update(questions).set({ viewCount: sql`${questions.viewCount} + 1` }).where(eq(questions.id, questionId));
  });
  counted.set(seen, true);
}

/** A signed-out reader, as far as view counts go: their address and browser, hashed. */
export function anonymousViewer(ip: string, userAgent: string | null | undefined) {
  return `a:${createHash("sha256").update(`${ip}|${userAgent ?? ""}`).digest("base64url").slice(0, 22)}`;
}
