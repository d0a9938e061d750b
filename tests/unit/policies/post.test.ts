import { describe, expect, it } from "vitest";
import { canDeletePost, canDownvote, canEditPost, canSeeDeletedPosts, canVoteOn, postsWithoutLimits } from "~/auth/policies";
import { as, author, whoMay } from "./actors";

const post = { authorId: author.id };

describe("post policy (questions and answers alike)", () => {
  it("lets the author and staff edit, and members with 1,000 reputation", () => {
    expect(whoMay((a) => canEditPost(a, post))).toEqual(["author", "staff", "admin"]);
    expect(canEditPost(as("customer", 1000), post)).toBe(true);
    expect(canEditPost(as("customer", 999), post)).toBe(false);
  });

  it("lets the author and staff delete, and no reputation buys it", () => {
    expect(whoMay((a) => canDeletePost(a, post))).toEqual(["author", "staff", "admin"]);
    expect(canDeletePost(as("customer", 1_000_000), post)).toBe(false);
  });

  it("lets every member vote, never on their own post", () => {
    expect(whoMay((a) => canVoteOn(a, post))).toEqual(["customer", "advocate", "staff", "admin"]);
  });

  it("lets members downvote from 125 reputation, advocates and staff at once", () => {
    expect(whoMay(canDownvote)).toEqual(["advocate", "staff", "admin"]);
    expect(canDownvote(as("customer", 125))).toBe(true);
    expect(canDownvote(as("customer", 124))).toBe(false);
  });

  it("shows deleted posts to staff only", () => {
    expect(whoMay(canSeeDeletedPosts)).toEqual(["staff", "admin"]);
  });

  it("lifts posting limits at 500 reputation, for advocates and staff", () => {
    expect(whoMay(postsWithoutLimits)).toEqual(["advocate", "staff", "admin"]);
    expect(postsWithoutLimits(as("customer", 500))).toBe(true);
    expect(postsWithoutLimits(as("customer", 499))).toBe(false);
  });
});
