/**
 * The one place that answers "may this actor do this?". Domain functions call
 * it, so pages, the JSON API and socket handlers obey the same rules.
 * Isomorphic on purpose: the UI uses `can` to hide what would be refused.
 */
import { ForbiddenError, UnauthenticatedError } from "~/domain/errors";

export const roles = ["customer", "advocate", "staff", "admin"] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  id: string;
  username: string;
  role: Role;
  reputation: number;
}

export type Permission =
  | "question:ask"
  | "answer:post"
  | "vote:cast"
  | "category:manage"
  | "user:change-role"
  | "user:list"
  | "staff:view"
  | "token:create"
  | "post:edit-any"
  | "post:delete-any"
  | "answer:accept-any"
  | "post:unlimited"
  | "question:close"
  | "vote:down"
  | "advocate:manage"
  | "category:advocates"
  | "reply:approve";

/**
 * Privileges that grow with trust: reputation unlocks them (the help page
 * prints this table). Advocates hold the ones marked so whatever their
 * points; staff hold them all.
 */
export const privileges: { permission: Permission; reputation: number; advocates: boolean; title: string; description: string }[] = [
  { permission: "vote:cast", reputation: 0, advocates: true, title: "Ask, answer and upvote", description: "Every member can ask, answer and upvote from day one." },
  { permission: "vote:down", reputation: 125, advocates: true, title: "Downvote", description: "Mark posts that are wrong or unhelpful. A downvote on an answer costs you 1 point." },
  { permission: "post:unlimited", reputation: 500, advocates: true, title: "Post without limits", description: "The posting limits that keep spam out no longer apply to you." },
  { permission: "post:edit-any", reputation: 1000, advocates: false, title: "Edit any post", description: "Fix typos, links and formatting in anyone's question or answer. Every edit is kept as a revision." },
  { permission: "question:close", reputation: 2000, advocates: true, title: "Close duplicates", description: "Close a question as a duplicate of one that already has the answer; its answers stay readable." },
];

export function privilegeThreshold(permission: Permission) {
  return privileges.find((p) => p.permission === permission)?.reputation ?? 0;
}

const signedIn: Permission[] = ["question:ask", "answer:post", "vote:cast", "token:create"];
const staffOnly: Permission[] = [
  "vote:down",
  "advocate:manage",
  "category:advocates",
  "category:manage",
  "staff:view",
  "user:list",
  "post:edit-any",
  "post:delete-any",
  "answer:accept-any",
  "post:unlimited",
  "question:close",
];

const byRole: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set(signedIn),
  advocate: new Set([...signedIn, "category:advocates"]),
  staff: new Set([...signedIn, ...staffOnly]),
  admin: new Set([...signedIn, ...staffOnly, "user:change-role", "reply:approve"]),
};

export function isStaff(actor: Actor | null | undefined): boolean {
  return actor?.role === "staff" || actor?.role === "admin";
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  if (byRole[actor.role].has(permission)) return true;
  const earned = privileges.find((p) => p.permission === permission);
  if (!earned) return false;
  return actor.reputation >= earned.reputation || (earned.advocates && actor.role === "advocate");
}

/** Private categories: the advocates' lounge is for advocates and staff; staff categories for staff. */
export function canSeeCategory(actor: Actor | null | undefined, visibility: "public" | "advocates" | "staff") {
  if (visibility === "public") return true;
  if (visibility === "advocates") return can(actor, "category:advocates");
  return isStaff(actor);
}

/** The category visibilities this actor may read, for filtering lists and search. */
export function visibleCategoryKinds(actor: Actor | null | undefined): ("public" | "advocates" | "staff")[] {
  if (isStaff(actor)) return ["public", "advocates", "staff"];
  return can(actor, "category:advocates") ? ["public", "advocates"] : ["public"];
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export function requirePermission(actor: Actor | null | undefined, permission: Permission): Actor {
  const signed = requireActor(actor);
  if (!can(signed, permission)) throw new ForbiddenError();
  return signed;
}

/** Authors edit their own posts; staff edit anyone's. */
export function canEditPost(actor: Actor | null | undefined, authorId: string) {
  return Boolean(actor && (actor.id === authorId || can(actor, "post:edit-any")));
}

export function canDeletePost(actor: Actor | null | undefined, authorId: string) {
  return Boolean(actor && (actor.id === authorId || can(actor, "post:delete-any")));
}

/** The asker marks the solution; staff may do it for them. */
export function canAccept(actor: Actor | null | undefined, questionAuthorId: string) {
  return Boolean(actor && (actor.id === questionAuthorId || can(actor, "answer:accept-any")));
}

/** Nobody votes on their own post. */
export function canVoteOn(actor: Actor | null | undefined, authorId: string) {
  return Boolean(actor && can(actor, "vote:cast") && actor.id !== authorId);
}

/** Deleted posts stay readable to staff only. */
export function canSeeDeleted(actor: Actor | null | undefined) {
  return isStaff(actor);
}
