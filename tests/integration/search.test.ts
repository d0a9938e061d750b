import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { searchOutbox, users } from "#db/schema";
import { createSearchClient, applyIndexSettings, useSearch } from "#search/client.server";
import { drainOnce } from "#search/drainer.server";
import { startEmbeddedMeili, type EmbeddedMeili } from "#search/embedded.server";
import { reindexQuestions } from "#search/reindex.server";
import type { Actor } from "~/auth/policies";
import { postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { createCategory } from "~/domain/categories/manage.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/domain/errors";
import { closeAsDuplicate, reopen } from "~/domain/questions/duplicates.server";
import { searchContent } from "~/domain/search/search.server";
import { saveVocabulary, vocabularySettings } from "~/domain/search/vocabulary.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

// A Meilisearch of this file's own, so the test can stop and restart it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-it-"));
let meili: EmbeddedMeili;
let asker: Actor, helper: Actor, staff: Actor;
const prefix = "t_";

async function connect() {
  const client = createSearchClient(meili.host, meili.apiKey);
  useSearch({ client, prefix, host: meili.host, embedded: true, healthy: () => client.isHealthy(), stop: meili.stop });
  return client;
}

async function drainAll() {
  const client = createSearchClient(meili.host, meili.apiKey);
  for (;;) {
    const r = await drainOnce(client, prefix);
    if (r.claimed === 0) return;
  }
}

async function outboxSize() {
  const [row] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(searchOutbox);
  return row.n;
}

beforeAll(async () => {
  meili = await startEmbeddedMeili({ dataDir: dir });
  const client = await connect();
  await applyIndexSettings(client, prefix);
  staff = toActor(await signup({ email: "s@example.com", username: "search_staff", password: "a-long-password-1" }, { role: "staff" }));
  asker = toActor(await signup({ email: "a@example.com", username: "search_asker", password: "a-long-password-1" }));
  helper = toActor(await signup({ email: "h@example.com", username: "search_helper", password: "a-long-password-1" }));
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() });
  await createCategory(staff, { name: "Headphones", slug: "headphones" });
  await createCategory(staff, { name: "Smart Home", slug: "smart-home" });
});

afterAll(async () => {
  useSearch(undefined);
  await meili?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("keeping the index right", () => {
  it("writes an outbox row with each change and finds the question once drained, typos and all", async () => {
    const before = await outboxSize();
    const { question } = await askQuestion(asker, { title: "Nimbus Hub will not join my Wi-Fi network", body: "Setup fails at the last step with could not reach network.", category: "smart-home", tags: ["hub", "wifi"] });
    expect(await outboxSize()).toBe(before + 1);
    await drainAll();
    expect(await outboxSize()).toBe(0);
    const result = await searchContent(null, { q: "nimbsu hubb netwrk" });
    expect(result.degraded).toBe(false);
    expect(result.hits[0]).toMatchObject({ id: question.id, type: "question", url: `/q/${question.id}` });
    expect(result.hits[0].titleHtml).toContain("<mark>");
  });

  it("finds a question through a misspelt plural and a swapped letter in short words: 'bateries drian' finds 'Battery ... drains overnight'", async () => {
    const { question } = await askQuestion(asker, {
      title: "Battery on my Nimbus Air case drains overnight even when it is closed",
      body: "Full in the evening and flat by morning.",
      category: "headphones",
    });
    const { question: other } = await askQuestion(asker, { title: "Which batteries does the Arc remote take?", body: "The remote went dead and I cannot find the size.", category: "headphones" });
    await drainAll();
    const typed = await searchContent(null, { q: "bateries drian" });
    expect(typed.hits[0]?.id).toBe(question.id);
    // The same words spelt right still find both, the one with both words first.
    const right = await searchContent(null, { q: "batteries drain" });
    expect(right.hits[0]?.id).toBe(question.id);
    expect((await searchContent(null, { q: "batteries" })).hits.map((h) => h.id)).toEqual(expect.arrayContaining([question.id, other.id]));
    // What the reader typed is what the page says they searched for.
    expect(typed.query.q).toBe("bateries drian");
  });

  it("counts the accepted answer's text as part of its question, and ranks solved first", async () => {
    const { question: q1 } = await askQuestion(asker, { title: "Earbuds sound muffled on calls", body: "People say I sound far away when I call.", category: "headphones" });
    const { question: q2 } = await askQuestion(asker, { title: "Earbuds sound muffled in meetings", body: "Colleagues say I sound far away in meetings.", category: "headphones" });
    const a = await postAnswer(helper, q1.id, { body: "Pick the hands-free profile in the conferencing app settings." });
    await setAccepted(asker, a.id, true);
    await drainAll();
    const byAnswer = await searchContent(null, { q: "hands-free profile" });
    expect(byAnswer.hits.map((h) => h.id)).toContain(q1.id);
    expect(byAnswer.hits.find((h) => h.id === q1.id)?.snippet).toContain("<mark>");
    const both = await searchContent(null, { q: "earbuds sound muffled" });
    expect(both.hits[0].id).toBe(q1.id); // the solved one first among equals
    expect(both.hits.map((h) => h.id)).toContain(q2.id);
    const filtered = await searchContent(null, { q: "earbuds muffled", solved: "false" });
    expect(filtered.hits.map((h) => h.id)).toEqual([q2.id]);
    expect(both.facets.category).toMatchObject({ headphones: 2 });
  });

  it("removes deleted questions from the index", async () => {
    const { question } = await askQuestion(asker, { title: "Temporary question about the Beam subwoofer", body: "The subwoofer blinks amber after the update.", category: "headphones" });
    await drainAll();
    expect((await searchContent(null, { q: "beam subwoofer amber" })).hits.map((h) => h.id)).toContain(question.id);
    await deleteQuestion(asker, question.id);
    await drainAll();
    expect((await searchContent(null, { q: "beam subwoofer amber" })).hits.map((h) => h.id)).not.toContain(question.id);
  });

  it("escapes what people wrote in snippets: only <mark> is markup", async () => {
    await askQuestion(asker, { title: "Script tags in a question about the watch", body: "<script>alert(1)</script> watch strap question", category: "headphones" });
    await drainAll();
    const res = await searchContent(null, { q: "watch strap script" });
    for (const h of res.hits) {
      expect(h.snippet).not.toMatch(/<script/i);
      expect(h.snippet.replace(/<\/?mark>/g, "")).not.toMatch(/<[a-z]/i);
    }
  });

  it("loses nothing while Meilisearch is down, answers from PostgreSQL meanwhile, and catches up when it is back", async () => {
    await meili.stop();
    const { question } = await askQuestion(asker, { title: "Sense thermostat reads two degrees too warm", body: "The Sense shows 22.5 but the room is 20.5 degrees.", category: "smart-home" });
    const client = createSearchClient(meili.host, meili.apiKey);
    await expect(drainOnce(client, prefix)).rejects.toThrow();
    expect(await outboxSize()).toBeGreaterThan(0); // still waiting, with a back-off

    const fallback = await searchContent(null, { q: "thermostat warm" });
    expect(fallback.degraded).toBe(true);
    expect(fallback.hits.map((h) => h.id)).toContain(question.id);

    meili = await startEmbeddedMeili({ dataDir: dir }); // same data, same key
    await connect();
    await db().update(searchOutbox).set({ availableAt: sql`now()` }); // skip the back-off wait
    await drainAll();
    expect(await outboxSize()).toBe(0);
    const back = await searchContent(null, { q: "thermostat warm" });
    expect(back.degraded).toBe(false);
    expect(back.hits.map((h) => h.id)).toContain(question.id);
  });

  it("rebuilds the index from the database by swapping in a new one", async () => {
    const client = await connect();
    await client.index(`${prefix}questions`).deleteAllDocuments().waitTask();
    expect((await searchContent(null, { q: "thermostat" })).total).toBe(0);
    await saveVocabulary(staff, { synonyms: "thermostat, heater" });
    const count = await reindexQuestions(client, prefix, { extraSettings: await vocabularySettings() });
    const [visible] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(sql`questions`).where(sql`deleted_at is null`);
    expect(count).toBe(visible.n);
    expect((await searchContent(null, { q: "thermostat" })).total).toBeGreaterThan(0);
    // The staff vocabulary survives the rebuild.
    expect((await client.index(`${prefix}questions`).getSynonyms())["heater"]).toEqual(["thermostat"]);
    const uids = (await client.getIndexes()).results.map((i) => i.uid);
    expect(uids).not.toContain(`${prefix}questions_new`);
  });

  it("applies staff synonyms and stop words to the index, and only staff may change them", async () => {
    await expect(saveVocabulary(asker, { synonyms: "a, b" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveVocabulary(staff, { synonyms: "lonely" })).rejects.toBeInstanceOf(ValidationError);
    expect((await searchContent(null, { q: "earphones" })).total).toBe(0);
    const saved = await saveVocabulary(staff, { synonyms: "earbuds, earphones, buds\nwifi, wi-fi", stopWords: "the my" });
    expect(saved.synonyms).toEqual([["earbuds", "earphones", "buds"], ["wifi", "wi-fi"]]);
    const found = await searchContent(null, { q: "earphones" });
    expect(found.hits.length).toBeGreaterThan(0);
    expect(found.hits.every((h) => /earbuds/i.test(h.title))).toBe(true);
  });

  it("closes a duplicate: it points to the original, takes no answers and leaves the index", async () => {
    const { question: original } = await askQuestion(asker, { title: "Arc soundbar lip sync is off with my TV", body: "Voices are behind the picture.", category: "headphones" });
    const { question: dup } = await askQuestion(helper, { title: "Arc soundbar audio delay with television", body: "The sound lags the picture a lot.", category: "headphones" });
    await postAnswer(asker, dup.id, { body: "An early answer that stays readable." });
    await drainAll();
    await expect(closeAsDuplicate(helper, dup.id, { of: original.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(closeAsDuplicate(staff, dup.id, { of: dup.id })).rejects.toBeInstanceOf(ValidationError);
    const closed = await closeAsDuplicate(staff, dup.id, { of: `https://forum.example/q/${original.id}` });
    expect(closed.question).toMatchObject({ status: "closed", duplicateOf: { id: original.id }, can: { answer: false } });
    expect(closed.answers).toHaveLength(1);
    await expect(postAnswer(asker, dup.id, { body: "Too late for this one." })).rejects.toBeInstanceOf(ConflictError);
    await drainAll();
    const hits = (await searchContent(null, { q: "arc soundbar delay" })).hits.map((h) => h.id);
    expect(hits).toContain(original.id);
    expect(hits).not.toContain(dup.id);
    const reopened = await reopen(staff, dup.id);
    expect(reopened.question.duplicateOf).toBeNull();
  });

  it("answers bad search input with field errors", async () => {
    await expect(searchContent(null, { q: "x", sort: "sideways" })).rejects.toMatchObject({ fields: { sort: ["sort is relevance, newest or votes."] } });
    await expect(searchContent(null, { page: "0" })).rejects.toMatchObject({ status: 400 });
  });
});


describe("a long search", () => {
  it("is cut to the words the engine reads, never refused", async () => {
    const long = `bluetooth ${"pairing problem again ".repeat(40)}`;
    const res = await searchContent(null, { q: long });
    expect(res.query.q.split(" ")).toHaveLength(10);
    expect(res.query.q.startsWith("bluetooth pairing")).toBe(true);
  });
});
