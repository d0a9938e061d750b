import { afterEach, describe, expect, it } from "vitest";
import { canFlag, canReview, canSeeHiddenPost, exemptFromSpamRules, flagWeight, hideWeight } from "~/auth/policies";
import { as, author, whoMay } from "./actors";

const post = { authorId: author.id };
const hidden = { authorId: author.id, hiddenAt: new Date() };

afterEach(() => {
  delete process.env.FLAG_HIDE_WEIGHT;
});

describe("moderation policy", () => {
  it("lets every member flag, never their own post", () => {
    expect(whoMay((a) => canFlag(a, post))).toEqual(["customer", "advocate", "staff", "admin"]);
  });

  it("weighs three members, or one advocate or staff member, to the hide threshold", () => {
    expect(hideWeight()).toBe(3);
    expect([flagWeight(as("customer")), flagWeight(as("advocate")), flagWeight(as("staff")), flagWeight(as("admin")), flagWeight(null)]).toEqual([1, 3, 3, 3, 0]);
    // Reputation that lets a member edit anyone's post counts double.
    expect(flagWeight(as("customer", 1000))).toBe(2);
    expect(flagWeight(as("customer", 999))).toBe(1);
  });

  it("scales the advocate's weight with a configured threshold, and ignores a nonsense one", () => {
    process.env.FLAG_HIDE_WEIGHT = "5";
    expect([hideWeight(), flagWeight(as("advocate")), flagWeight(as("customer"))]).toEqual([5, 5, 1]);
    process.env.FLAG_HIDE_WEIGHT = "zero";
    expect(hideWeight()).toBe(3);
  });

  it("leaves the review queue to staff", () => {
    expect(whoMay(canReview)).toEqual(["staff", "admin"]);
  });

  it("shows a hidden post to its author and staff only; a standing post to everyone", () => {
    expect(whoMay((a) => canSeeHiddenPost(a, hidden))).toEqual(["author", "staff", "admin"]);
    expect(whoMay((a) => canSeeHiddenPost(a, post))).toEqual(["anonymous", "customer", "author", "advocate", "staff", "admin"]);
  });

  it("never holds what staff and advocates post", () => {
    expect(whoMay(exemptFromSpamRules)).toEqual(["advocate", "staff", "admin"]);
  });
});
