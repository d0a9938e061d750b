import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, categories, questions, users } from "#db/schema";
import { applyIndexSettings, createSearchClient, useSearch } from "#search/client.server";
import { reindexQuestions } from "#search/reindex.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { similarQuestions } from "~/domain/search/similar.server";
import { demoCategories } from "../../db/seed-data";
import { fillerQuestions, heldOutParaphrases, paraphrases, sharedWordRatio, targets } from "../fixtures/relevance";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const CORPUS = 1000;

beforeAll(async () => {
  const { meiliHost, meiliKey } = inject("env");
  const client = createSearchClient(meiliHost, meiliKey);
  const prefix = `rel_${Date.now().toString(36)}_`;
  await applyIndexSettings(client, prefix);
  useSearch({ client, prefix, host: meiliHost, embedded: false, healthy: () => client.isHealthy(), stop: async () => {} });

  const userId = newId();
  await db().insert(users).values({ id: userId, email: "rel@example.com", username: "relevance", passwordHash: "x" });
  const categoryIds = new Map<string, string>();
  for (const c of demoCategories) {
    const id = newId();
    categoryIds.set(c.slug, id);
    await db().insert(categories).values({ id, slug: c.slug, name: c.name, description: c.description, visibility: c.visibility ?? "public" });
  }
  const rows: (typeof questions.$inferInsert)[] = [];
  const answerRows: (typeof answers.$inferInsert)[] = [];
  const add = (title: string, body: string, tags: string[], category: string, accepted: string | null) => {
    const id = newId();
    let acceptedAnswerId: string | null = null;
    if (accepted) {
      acceptedAnswerId = newId();
      answerRows.push({ id: acceptedAnswerId, questionId: id, authorId: userId, body: accepted, html: renderMarkdown(accepted) });
    }
    rows.push({ id, authorId: userId, categoryId: categoryIds.get(category)!, title, body, html: renderMarkdown(body), tags, acceptedAnswerId, answerCount: accepted ? 1 : 0 });
  };
  for (const t of targets) add(t.title, t.body, t.tags, t.category, t.answers.find((a) => a.accepted)?.body ?? null);
  const slugs = demoCategories.filter((c) => (c.visibility ?? "public") === "public").map((c) => c.slug);
  fillerQuestions(CORPUS - targets.length).forEach((f, i) =>
    add(f.title, f.body, f.tags, slugs[i % slugs.length], f.solved ? "Restart it, update the firmware from the app and try again." : null),
  );
  for (let i = 0; i < rows.length; i += 200) await db().insert(questions).values(rows.slice(i, i + 200));
  for (let i = 0; i < answerRows.length; i += 200) await db().insert(answers).values(answerRows.slice(i, i + 200));
  expect(await reindexQuestions(client, prefix)).toBe(CORPUS);
});

/** Precision at 1 and at 5 of the suggestions for each paraphrase, with what missed the top 5. */
async function precision(set: [string, string][]) {
  let atOne = 0;
  let atFive = 0;
  const misses: string[] = [];
  for (const [p, original] of set) {
    const { suggestions } = await similarQuestions(null, { title: p, limit: 5 });
    const rank = suggestions.findIndex((s) => s.title === original);
    if (rank === 0) atOne += 1;
    if (rank >= 0 && rank < 5) atFive += 1;
    else misses.push(`${p} -> ${suggestions[0]?.title ?? "(nothing)"}`);
  }
  return { p1: atOne / set.length, p5: atFive / set.length, misses };
}

function report(name: string, set: [string, string][], r: Awaited<ReturnType<typeof precision>>) {
  console.log(`${name} over ${CORPUS} questions, ${set.length} paraphrases: precision@1 ${r.p1.toFixed(3)}, precision@5 ${r.p5.toFixed(3)}`);
  if (r.misses.length) console.log(`not in the top 5:\n  ${r.misses.join("\n  ")}`);
}

describe("similar questions on the relevance set", () => {
  it("is made of real paraphrases: at most half their words come from the original title", () => {
    expect(paraphrases.length).toBeGreaterThanOrEqual(40);
    for (const [p, original] of [...paraphrases, ...heldOutParaphrases]) expect(sharedWordRatio(p, original), p).toBeLessThanOrEqual(0.5);
  });

  // The targets: 0.8 at 1 and 0.95 at 5 (the query reaches 0.875 and 0.95).
  it("finds the original first at least 80% of the time, and in the top 5 at least 95%", async () => {
    const r = await precision(paraphrases);
    report("relevance set", paraphrases, r);
    expect(r.p1).toBeGreaterThanOrEqual(0.8);
    expect(r.p5).toBeGreaterThanOrEqual(0.95);
  });

  // Never tuned against, so a floor of what it reaches today (0.67 and 0.75):
  // a change that overfits the set above and loses here fails.
  it("keeps its precision on paraphrases it was not tuned on", async () => {
    const r = await precision(heldOutParaphrases);
    report("held-out set", heldOutParaphrases, r);
    expect(r.p1).toBeGreaterThanOrEqual(0.66);
    expect(r.p5).toBeGreaterThanOrEqual(0.75);
  });
});
