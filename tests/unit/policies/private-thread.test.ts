import { describe, expect, it } from "vitest";
import { canPostPrivateMessage, canReadPrivateThread, canTakePrivate } from "~/auth/policies";
import { author, whoMay } from "./actors";

const thread = { customerId: author.id };

describe("private thread policy", () => {
  it("is between the asker and staff: nobody else reads or writes it", () => {
    expect(whoMay((a) => canReadPrivateThread(a, thread))).toEqual(["author", "staff", "admin"]);
    expect(whoMay((a) => canPostPrivateMessage(a, thread))).toEqual(["author", "staff", "admin"]);
  });

  it("is opened by staff", () => {
    expect(whoMay(canTakePrivate)).toEqual(["staff", "admin"]);
  });
});
