import { describe, expect, it } from "vitest";
import { canChat, canRunTownhall, canScheduleTownhall, canSeeTownhallQuestion, canVoteTownhallQuestion, isPublicTownhallStatus, skipsModeration } from "~/auth/policies";
import { as, author, whoMay } from "./actors";

const host = as("customer", 0, "host");

describe("town hall policy", () => {
  it("lets staff schedule town halls", () => {
    expect(whoMay(canScheduleTownhall)).toEqual(["staff", "admin"]);
  });

  it("is run by its host, its co-hosts and any staff member", () => {
    expect(whoMay((a) => canRunTownhall(a, { hostId: host.id, cohost: false }))).toEqual(["staff", "admin"]);
    expect(canRunTownhall(host, { hostId: host.id, cohost: false })).toBe(true);
    expect(canRunTownhall(as("customer"), { hostId: host.id, cohost: true })).toBe(true);
    expect(canRunTownhall(null, { hostId: host.id, cohost: true })).toBe(false);
  });

  it("shows approved questions to everyone, pending ones to the hosts and their author, hidden ones to the hosts", () => {
    for (const status of ["approved", "answering", "answered"]) {
      expect(isPublicTownhallStatus(status)).toBe(true);
      expect(whoMay((a) => canSeeTownhallQuestion(a, { status, authorId: author.id }, false))).toHaveLength(6);
    }
    expect(whoMay((a) => canSeeTownhallQuestion(a, { status: "pending", authorId: author.id }, false))).toEqual(["author"]);
    expect(whoMay((a) => canSeeTownhallQuestion(a, { status: "hidden", authorId: author.id }, false))).toEqual([]);
    expect(canSeeTownhallQuestion(host, { status: "hidden", authorId: author.id }, true)).toBe(true);
  });

  it("takes one vote from each member, never from the question's author", () => {
    expect(whoMay((a) => canVoteTownhallQuestion(a, { authorId: author.id }))).toEqual(["customer", "advocate", "staff", "admin"]);
  });

  it("lets attendees chat while it is on, and the hosts always", () => {
    expect(whoMay((a) => canChat(a, { chatEnabled: true }, false))).toEqual(["customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canChat(a, { chatEnabled: false }, false))).toEqual([]);
    expect(canChat(host, { chatEnabled: false }, true)).toBe(true);
  });

  it("holds attendees' questions for review when moderated, never the hosts'", () => {
    expect(skipsModeration({ moderated: true }, false)).toBe(false);
    expect(skipsModeration({ moderated: true }, true)).toBe(true);
    expect(skipsModeration({ moderated: false }, false)).toBe(true);
  });
});
