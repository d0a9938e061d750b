import { describe, expect, it } from "vitest";
import {
  answersForTheBrand,
  canBeNominated,
  canBePromotedToAdvocate,
  canChangeRoles,
  canCreateTokens,
  canListenAsUser,
  canListUsers,
  canManageAdvocates,
  canManageSearch,
  canManageWebhooks,
  canReadSearchFigures,
  isAdvocate,
  isRanked,
  removesAdmin,
  roleFromStaffGroup,
} from "~/auth/policies";
import { author, whoMay } from "./actors";

const roles = ["customer", "advocate", "staff", "admin"] as const;

describe("user policy", () => {
  it("lets admins change roles, staff list members and run the advocate programme", () => {
    expect(whoMay(canChangeRoles)).toEqual(["admin"]);
    expect(whoMay(canListUsers)).toEqual(["staff", "admin"]);
    expect(whoMay(canManageAdvocates)).toEqual(["staff", "admin"]);
  });

  it("gives every member API tokens", () => {
    expect(whoMay(canCreateTokens)).toEqual(["customer", "author", "advocate", "staff", "admin"]);
  });

  it("keeps a member's own room (notifications, private replies) to them", () => {
    expect(whoMay((a) => canListenAsUser(a, author.id))).toEqual(["author"]);
  });

  it("makes members of the single sign-on staff group staff, and never demotes anyone", () => {
    expect(roles.map((role) => roleFromStaffGroup({ role }, true))).toEqual(["staff", "staff", null, null]);
    expect(roles.map((role) => roleFromStaffGroup({ role }, false))).toEqual([null, null, null, null]);
  });

  it("ranks customers and advocates, never staff", () => {
    expect(roles.filter((role) => isRanked({ role }))).toEqual(["customer", "advocate"]);
  });

  it("nominates and promotes customers only; programme news goes to staff", () => {
    expect(roles.filter((role) => canBeNominated({ role }))).toEqual(["customer"]);
    expect(roles.filter((role) => canBePromotedToAdvocate({ role }))).toEqual(["customer"]);
    expect(roles.filter((role) => isAdvocate({ role }))).toEqual(["advocate"]);
    expect(roles.filter((role) => answersForTheBrand({ role }))).toEqual(["staff", "admin"]);
  });

  it("notices when a role change would take the admin role away", () => {
    expect(removesAdmin({ role: "admin" }, "staff")).toBe(true);
    expect(removesAdmin({ role: "admin" }, "admin")).toBe(false);
    expect(removesAdmin({ role: "staff" }, "customer")).toBe(false);
  });
});

describe("webhook and search policy", () => {
  it("keeps webhooks, search settings and search figures to staff", () => {
    expect(whoMay(canManageWebhooks)).toEqual(["staff", "admin"]);
    expect(whoMay(canManageSearch)).toEqual(["staff", "admin"]);
    expect(whoMay(canReadSearchFigures)).toEqual(["staff", "admin"]);
  });
});
