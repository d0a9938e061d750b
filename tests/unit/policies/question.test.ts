import { describe, expect, it } from "vitest";
import { canAccept, canAnswer, canAsk, canAskIn, canCloseAsDuplicate, canEscalate, canReadQuestion } from "~/auth/policies";
import { as, author, whoMay } from "./actors";

const open = { authorId: author.id, deletedAt: null, duplicateOfId: null, visibility: "public" as const };

describe("question policy", () => {
  it("lets anyone read a public question, staff a deleted one, and private ones only those they are for", () => {
    expect(whoMay((a) => canReadQuestion(a, open))).toEqual(["anonymous", "customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canReadQuestion(a, { ...open, deletedAt: new Date() }))).toEqual(["staff", "admin"]);
    expect(whoMay((a) => canReadQuestion(a, { ...open, visibility: "advocates" }))).toEqual(["advocate", "staff", "admin"]);
    expect(whoMay((a) => canReadQuestion(a, { ...open, visibility: "staff" }))).toEqual(["staff", "admin"]);
  });

  it("lets every member ask, in the categories they may read", () => {
    expect(whoMay(canAsk)).toEqual(["customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canAskIn(a, { visibility: "advocates" }))).toEqual(["advocate", "staff", "admin"]);
  });

  it("takes answers from every member while the question is open, none once closed or deleted", () => {
    expect(whoMay((a) => canAnswer(a, open))).toEqual(["customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canAnswer(a, { ...open, duplicateOfId: "q0" }))).toEqual([]);
    expect(whoMay((a) => canAnswer(a, { ...open, deletedAt: new Date() }))).toEqual([]);
  });

  it("lets the asker mark the solution, and staff for them", () => {
    expect(whoMay((a) => canAccept(a, open))).toEqual(["author", "staff", "admin"]);
  });

  it("closes duplicates for staff, advocates and members with 2,000 reputation", () => {
    expect(whoMay(canCloseAsDuplicate)).toEqual(["advocate", "staff", "admin"]);
    expect(canCloseAsDuplicate(as("customer", 2000))).toBe(true);
  });

  it("lets the asker, and staff, ask for staff", () => {
    expect(whoMay((a) => canEscalate(a, open))).toEqual(["author", "staff", "admin"]);
  });
});
