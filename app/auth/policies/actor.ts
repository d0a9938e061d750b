/**
 * Who is acting, and what their role and reputation let them do in general.
 * The resource policies beside this file (post, question, case, ...) answer
 * "may this actor do this to that row?" on top of it. Only the policies
 * compare roles or reputation: everything else asks them.
 *
 * Isomorphic on purpose: views receive `can` objects built from the same
 * checks, and a few components (the downvote hint) read the privilege table.
 */
export const roles = ["customer", "advocate", "staff", "admin"] as const;
export type Role = (typeof roles)[number];

/** A time-boxed limit staff put on an account, as the actor carries it (ISO `until`: the actor crosses to views as JSON). */
export interface ActiveRestriction {
  until: string;
  reason: string;
}

export interface Actor {
  id: string;
  username: string;
  role: Role;
  reputation: number;
  /**
   * The account's live restrictions, loaded with the actor on every request
   * and socket handshake. Optional so that actors built by hand (tests, the
   * seed, jobs acting for someone) need not say "none".
   */
  suspended?: ActiveRestriction | null;
  silenced?: ActiveRestriction | null;
}

/** Someone who may or may not be signed in. */
export type Viewer = Actor | null | undefined;

/** The roles that answer for the brand: they work cases and host town halls. */
export const staffRoles = ["staff", "admin"] as const satisfies readonly Role[];
/** The roles leaderboards rank: staff earn points, but are not ranked against customers. */
export const rankedRoles = ["customer", "advocate"] as const satisfies readonly Role[];
/** The role the advocate programme promotes into, and the one it promotes from. */
export const advocateRole = "advocate" satisfies Role;
export const memberRole = "customer" satisfies Role;
export const adminRole = "admin" satisfies Role;

export type Permission =
  // Every signed-in member.
  | "question:ask"
  | "answer:post"
  | "vote:cast"
  | "token:create"
  | "townhall:participate"
  | "post:flag"
  | "user:ignore"
  // Earned with reputation (see `privileges`).
  | "vote:down"
  | "post:unlimited"
  | "post:edit-any"
  | "question:close-duplicate"
  // Advocates.
  | "category:read-advocates"
  | "saved-reply:use"
  // Staff.
  | "category:read-staff"
  | "category:manage"
  | "search:manage"
  | "search:read-figures"
  | "sla:manage"
  | "post:delete-any"
  | "post:read-deleted"
  | "answer:accept-any"
  | "case:read"
  | "case:work"
  | "case:note"
  | "customer:read-history"
  | "townhall:host"
  | "webhook:manage"
  | "saved-reply:write"
  | "saved-reply:read-drafts"
  | "advocate:manage"
  | "user:list"
  | "review:work"
  | "user:restrict"
  // Admins.
  | "user:change-role"
  | "saved-reply:approve"
  | "reputation:import"
  | "audit:read"
  | "mail:read";

export interface Privilege {
  permission: Permission;
  reputation: number;
  /** Advocates hold it whatever their points. */
  advocates: boolean;
  title: string;
  description: string;
}

/**
 * Privileges that grow with trust: reputation unlocks them (the help page
 * prints this table). Advocates hold the ones marked so whatever their
 * points; staff hold them all.
 */
export const privileges: Privilege[] = [
  { permission: "vote:cast", reputation: 0, advocates: true, title: "Ask, answer and upvote", description: "Every member can ask, answer and upvote from day one." },
  { permission: "vote:down", reputation: 125, advocates: true, title: "Downvote", description: "Mark posts that are wrong or unhelpful. A downvote on an answer costs you 1 point." },
  { permission: "post:unlimited", reputation: 500, advocates: true, title: "Post without limits", description: "The posting limits that keep spam out no longer apply to you." },
  { permission: "post:edit-any", reputation: 1000, advocates: false, title: "Edit any post", description: "Fix typos, links and formatting in anyone's question or answer. Every edit is kept as a revision." },
  { permission: "question:close-duplicate", reputation: 2000, advocates: true, title: "Close duplicates", description: "Close a question as a duplicate of one that already has the answer; its answers stay readable." },
];

export function privilegeThreshold(permission: Permission) {
  return privileges.find((p) => p.permission === permission)?.reputation ?? 0;
}

const member: Permission[] = ["question:ask", "answer:post", "vote:cast", "token:create", "townhall:participate", "post:flag", "user:ignore"];
const advocate: Permission[] = [...member, "category:read-advocates", "saved-reply:use"];
const staff: Permission[] = [
  ...advocate,
  "vote:down",
  "post:unlimited",
  "post:edit-any",
  "question:close-duplicate",
  "category:read-staff",
  "category:manage",
  "search:manage",
  "search:read-figures",
  "sla:manage",
  "post:delete-any",
  "post:read-deleted",
  "answer:accept-any",
  "case:read",
  "case:work",
  "case:note",
  "customer:read-history",
  "townhall:host",
  "webhook:manage",
  "saved-reply:write",
  "saved-reply:read-drafts",
  "advocate:manage",
  "user:list",
  "review:work",
  "user:restrict",
];

const byRole: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set(member),
  advocate: new Set(advocate),
  staff: new Set(staff),
  admin: new Set([...staff, "user:change-role", "saved-reply:approve", "reputation:import", "audit:read", "mail:read"]),
};

/** The general question: does this actor's role, or their reputation, grant the permission? */
export function can(actor: Viewer, permission: Permission): boolean {
  if (!actor) return false;
  if (byRole[actor.role].has(permission)) return true;
  const earned = privileges.find((p) => p.permission === permission);
  if (!earned) return false;
  return actor.reputation >= earned.reputation || (earned.advocates && actor.role === advocateRole);
}

/** A role that answers for the brand (for rows other than the actor: an assignee, a responder). */
export function isStaffRole(role: Role): boolean {
  return (staffRoles as readonly Role[]).includes(role);
}

/** Signed in as staff or admin: staff screens and staff-only fields. */
export function isStaff(actor: Viewer): boolean {
  return Boolean(actor && isStaffRole(actor.role));
}

export function isSelf(actor: Viewer, userId: string): boolean {
  return Boolean(actor && actor.id === userId);
}
