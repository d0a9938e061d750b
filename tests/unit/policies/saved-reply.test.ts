import { describe, expect, it } from "vitest";
import { canApproveSavedReplies, canSeeUnapprovedReplies, canUseSavedReplies, canWriteSavedReplies } from "~/auth/policies";
import { whoMay } from "./actors";

describe("saved reply policy", () => {
  it("offers approved templates to staff and advocates", () => {
    expect(whoMay(canUseSavedReplies)).toEqual(["advocate", "staff", "admin"]);
  });

  it("lets staff write templates and see the unapproved ones; admins approve", () => {
    expect(whoMay(canWriteSavedReplies)).toEqual(["staff", "admin"]);
    expect(whoMay(canSeeUnapprovedReplies)).toEqual(["staff", "admin"]);
    expect(whoMay(canApproveSavedReplies)).toEqual(["admin"]);
  });
});
