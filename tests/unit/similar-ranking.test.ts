import { describe, expect, it } from "vitest";
import { averageLengths, bm25f, draftQuery, expandedQuery, idf, scoredDoc, type Collection } from "~/domain/search/ranking/bm25f";
import { defaultRanking, rankingWith } from "~/domain/search/ranking/config";
import { termsOf } from "~/domain/search/ranking/terms";
import { queryAsRead } from "~/domain/search/search.server";

const doc = (title: string, body = "", acceptedAnswer = "", answers = "") =>
  scoredDoc({ title: termsOf(title), body: termsOf(body), acceptedAnswer: termsOf(acceptedAnswer), answers: termsOf(answers) });

describe("the ranker's terms", () => {
  it("meets plural and verb forms on one stem, and drops the words any question is phrased with", () => {
    expect(termsOf("Anyone know where to hire cars?")).toEqual(termsOf("hire a car"));
    expect(termsOf("renting")).toEqual(termsOf("rent"));
    expect(termsOf("Hi guys, please help, thanks")).toEqual([]);
  });

  it("folds accents and stretched chat spelling", () => {
    expect(termsOf("café")).toEqual(termsOf("cafe"));
    expect(termsOf("pleeeeease sooooo")).toEqual(termsOf("pleease soo"));
  });
});

describe("BM25F with the forum's rarity", () => {
  const a = doc("car rental monthly", "cheap car for a month");
  const b = doc("visa renewal", "my car is parked");
  const forum = (df: Record<string, number>): Collection => ({ size: 1000, df: new Map(Object.entries(df)), avgLength: averageLengths([a, b]) });

  it("judges rarity over the whole forum: a word common there counts little however rare among the candidates", () => {
    const c = forum({ car: 900, rental: 5 });
    expect(idf(c, "rental")).toBeGreaterThan(5 * idf(c, "car"));
  });

  it("counts a match in the title above the same match in the body", () => {
    const c = forum({ car: 10 });
    const q = draftQuery(defaultRanking, termsOf("car"), []);
    expect(bm25f(defaultRanking, c, q, a)).toBeGreaterThan(bm25f(defaultRanking, c, q, b));
  });

  it("adds feedback terms that the best documents share (RM3) and keeps the draft's own", () => {
    const cfg = rankingWith({ feedback: { weight: 0.3, docs: 2, terms: 5 } });
    const c = forum({ car: 10, rental: 5, monthly: 5 });
    const q = draftQuery(cfg, termsOf("car"), []);
    const top = [doc("car rental", "monthly rental"), doc("rental car", "rental prices")].map((d, i) => ({ doc: d, score: 2 - i }));
    const expanded = expandedQuery(cfg, c, q, top);
    expect(expanded.has(termsOf("rental")[0])).toBe(true);
    expect(expanded.get(termsOf("car")[0])).toBeGreaterThan(0);
  });
});

describe("the ranker's settings", () => {
  it("override any subset and refuse a bad value", () => {
    const cfg = rankingWith({ fields: { title: { weight: 4 } } });
    expect(cfg.fields.title).toEqual({ weight: 4, b: defaultRanking.fields.title.b });
    expect(cfg.k1).toBe(defaultRanking.k1);
    expect(() => rankingWith({ k1: -1 })).toThrow();
  });
});

describe("a long search query", () => {
  it("is cut to the ten words Meilisearch reads and 200 characters", () => {
    expect(queryAsRead("one two three four five six seven eight nine ten eleven twelve")).toBe("one two three four five six seven eight nine ten");
    expect(queryAsRead("x".repeat(500)).length).toBe(200);
  });
});
