import { describe, expect, it } from "vitest";
import { canManageCategories, canSeeCategory, visibleCategoryKinds } from "~/auth/policies";
import { as, whoMay } from "./actors";

describe("category policy", () => {
  it("keeps private categories to those they are for", () => {
    expect(whoMay((a) => canSeeCategory(a, "public"))).toEqual(["anonymous", "customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canSeeCategory(a, "advocates"))).toEqual(["advocate", "staff", "admin"]);
    expect(whoMay((a) => canSeeCategory(a, "staff"))).toEqual(["staff", "admin"]);
    // Reputation opens no private category.
    expect(canSeeCategory(as("customer", 100_000), "advocates")).toBe(false);
  });

  it("lists the visibilities each reader may see, for filtering lists and search", () => {
    expect(visibleCategoryKinds(null)).toEqual(["public"]);
    expect(visibleCategoryKinds(as("advocate"))).toEqual(["public", "advocates"]);
    expect(visibleCategoryKinds(as("staff"))).toEqual(["public", "advocates", "staff"]);
  });

  it("lets staff manage categories", () => {
    expect(whoMay(canManageCategories)).toEqual(["staff", "admin"]);
  });
});
