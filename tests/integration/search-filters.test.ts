/**
 * Whatever someone puts in `category=` or `tag=` (backslashes, quotes,
 * brackets, any Unicode), Meilisearch gets a filter it can parse: search stays
 * on Meilisearch instead of failing over to the slower PostgreSQL fallback.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { applyIndexSettings, createSearchClient, useSearch } from "#search/client.server";
import { ValidationError } from "~/domain/errors";
import { filterValue } from "~/domain/search/filter-values";
import { searchContent } from "~/domain/search/search.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();
let prefix = "";

beforeAll(async () => {
  const { meiliHost, meiliKey } = inject("env");
  const client = createSearchClient(meiliHost, meiliKey);
  prefix = `filters_${Date.now().toString(36)}_`;
  useSearch({ client, prefix, host: meiliHost, embedded: false, healthy: () => client.isHealthy(), stop: async () => {} });
  await applyIndexSettings(client, prefix);
});

/** Text people (and attackers) type, weighted towards what breaks quoting. */
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom("\\", '"', "'", "[", "]", "(", ")", ",", " ", "=", "a", "é", "🎧"), maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("\\", '\\"', 'a\\', '" OR category EXISTS OR "', "x\\\\", "]", "NOT", "TO"),
);

describe("search filters", () => {
  it("quote backslashes and quotes", () => {
    expect(filterValue('a"b')).toBe('"a\\"b"');
    expect(filterValue("a\\")).toBe('"a\\\\"');
    expect(filterValue('\\"')).toBe('"\\\\\\""');
  });

  it("keep search on Meilisearch for any category or tag value", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (category, tag) => {
        const result = await searchContent(null, { q: "battery", category, tag }).catch((err: unknown) => err);
        // Text that cannot be stored (a lone surrogate) is a 400, never a failover.
        if (result instanceof ValidationError) return;
        expect(result).not.toBeInstanceOf(Error);
        expect((result as { degraded: boolean }).degraded).toBe(false);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });

  it("parse in Meilisearch itself for any value, and match exactly that value", async () => {
    const { meiliHost, meiliKey } = inject("env");
    const client = createSearchClient(meiliHost, meiliKey);
    const index = client.index(`${prefix}questions`);
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        // Similar-question suggestions build their filters the same way.
        const res = await index.search("", { filter: [`category = ${filterValue(value)}`, `id != ${filterValue(value)}`] });
        expect(res.hits).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});
