import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, categories, questions, users } from "#db/schema";
import { applyIndexSettings, createSearchClient, useSearch } from "#search/client.server";
import { reindexQuestions } from "#search/reindex.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { similarQuestions } from "~/domain/search/similar.server";
import { termsOf } from "~/domain/search/ranking/terms";
import { plainText } from "#search/indexes/questions.server";
import { asBody, asTitle, formatFigures, loadQatarSet, qatarCategorySlug, qatarFigures, SEARCH_ENGINE_MAP } from "../fixtures/qatar";
import { useTestDatabase } from "../support/db";

useTestDatabase();

/**
 * Real forum questions labelled by others (SemEval-2016 Task 3, Qatar Living):
 * each original question asks its own category of 10 earlier questions, and
 * the suggestions are scored as the task scores them (tests/fixtures/qatar.ts).
 * The floor is the measured figure less 2 points (measured: MAP 74.38 on PostgreSQL and on
 * PGlite alike; the endpoint before the re-ranker scored 60.19); the search
 * engine that picked the candidates scores 70.67.
 */
const MAP_FLOOR = 72.4;

const set = loadQatarSet();
/** Candidate id -> question id, to read the suggestions back as the set's ids. */
const questionOf = new Map<string, string>();

beforeAll(async () => {
  const { meiliHost, meiliKey } = inject("env");
  const client = createSearchClient(meiliHost, meiliKey);
  const prefix = `qatar_${Date.now().toString(36)}_`;
  await applyIndexSettings(client, prefix);
  useSearch({ client, prefix, host: meiliHost, embedded: false, healthy: () => client.isHealthy(), stop: async () => {} });

  const authorId = newId();
  await db().insert(users).values({ id: authorId, email: "qatar@example.com", username: "qatar_living", passwordHash: "x" });
  const questionRows: (typeof questions.$inferInsert)[] = [];
  const answerRows: (typeof answers.$inferInsert)[] = [];
  for (const q of set) {
    const categoryId = newId();
    await db().insert(categories).values({ id: categoryId, slug: qatarCategorySlug(q), name: `Qatar ${q.id}`, description: "Qatar Living candidates" });
    for (const c of q.candidates) {
      const id = newId();
      questionOf.set(id, c.id);
      // The same text the API import posts (bench:qatar), made to fit the forum's lengths.
      const body = asBody(c.body);
      questionRows.push({ id, authorId, categoryId, title: asTitle(c.subject), body, html: renderMarkdown(body), tags: [], answerCount: c.answers.length });
      for (const a of c.answers.map(asBody)) answerRows.push({ id: newId(), questionId: id, authorId, body: a, html: renderMarkdown(a) });
    }
  }
  for (let i = 0; i < questionRows.length; i += 200) await db().insert(questions).values(questionRows.slice(i, i + 200));
  for (let i = 0; i < answerRows.length; i += 500) await db().insert(answers).values(answerRows.slice(i, i + 500));
  expect(await reindexQuestions(client, prefix)).toBe(questionRows.length);
});

describe("similar questions on the Qatar Living set", () => {
  it(`ranks the labelled candidates above the search engine that found them (MAP ≥ ${MAP_FLOOR}, engine ${SEARCH_ENGINE_MAP})`, async () => {
    const returned = new Map<string, string[]>();
    for (const q of set) {
      const { suggestions } = await similarQuestions(null, { title: q.subject, body: q.body, category: qatarCategorySlug(q), limit: 20 });
      returned.set(
        q.id,
        suggestions.map((s) => questionOf.get(s.id) ?? s.id),
      );
    }
    const figures = qatarFigures(set, returned);
    console.log(`Qatar Living, ${set.length} questions x 10 candidates: ${formatFigures(figures)}; search engine MAP ${SEARCH_ENGINE_MAP}`);
    expect(figures.map).toBeGreaterThanOrEqual(MAP_FLOOR);
  });

  // Measured: 541 of the 621 candidates that share a content word with their question are
  // returned (87.1%): no candidate query reaches the rest (why is issue 18's open end). Floor: 85%.
  it("returns the candidates that share a content word with what the ranker reads of the question (at least 85%)", async () => {
    const missed: string[] = [];
    let sharing = 0;
    for (const q of set) {
      const { suggestions } = await similarQuestions(null, { title: q.subject, body: q.body, category: qatarCategorySlug(q), limit: 20 });
      const shown = new Set(suggestions.map((s) => questionOf.get(s.id) ?? s.id));
      // The ranker reads the title whole and the body's start, 48 content words in all (docs/search.md).
      const titleTerms = termsOf(q.subject.slice(0, 300), 48);
      const read = new Set([...titleTerms, ...termsOf(plainText(q.body.trim(), 2000), 48 - titleTerms.length)]);
      for (const c of q.candidates) {
        const text = termsOf(`${asTitle(c.subject)} ${asBody(c.body)} ${c.answers.map(asBody).join(" ")}`);
        if (!text.some((t) => read.has(t))) continue;
        sharing += 1;
        if (!shown.has(c.id)) missed.push(`${q.id} -> ${c.id}`);
      }
    }
    console.log(`Qatar Living: ${sharing} candidates share a content word with their question; ${sharing - missed.length} returned; missed: ${missed.slice(0, 10).join(", ")}`);
    expect(sharing).toBeGreaterThan(500);
    expect((sharing - missed.length) / sharing).toBeGreaterThanOrEqual(0.85);
  });
});
