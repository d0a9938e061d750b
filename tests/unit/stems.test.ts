import { describe, expect, it } from "vitest";
import { foldPlural, foldQuery, foldedWords } from "#search/stems";

describe("folding plurals for search", () => {
  it("folds the common English plural endings and leaves other words alone", () => {
    expect(["batteries", "bateries", "drains", "earbuds", "boxes", "switches", "glasses"].map(foldPlural)).toEqual(["battery", "batery", "drain", "earbud", "box", "switch", "glass"]);
    expect(["battery", "drian", "status", "analysis", "wifi", "hub", "is", "bus"].map(foldPlural)).toEqual(["battery", "drian", "status", "analysis", "wifi", "hub", "is", "bus"]);
  });

  it("keeps only the folded forms that differ, once each, for a document", () => {
    expect(foldedWords("Battery drains overnight", "Both earbuds drain; drains again")).toBe("drain earbud");
  });

  it("folds a query word by word and keeps its punctuation", () => {
    expect(foldQuery('bateries "drains fast"')).toBe('batery "drain fast"');
  });
});
