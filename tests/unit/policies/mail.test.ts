import { describe, expect, it } from "vitest";
import { canReadMailOutbox } from "~/auth/policies";
import { whoMay } from "./actors";

describe("mail outbox policy", () => {
  it("is for admins: it holds every member's mail, sign-in links among it", () => {
    expect(whoMay(canReadMailOutbox)).toEqual(["admin"]);
  });
});
