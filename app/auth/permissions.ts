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
  | "question:close";

const signedIn: Permission[] = ["question:ask", "answer:post", "vote:cast", "token:create"];
const staffOnly: Permission[] = [
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
  advocate: new Set(signedIn),
  staff: new Set([...signedIn, ...staffOnly]),
  admin: new Set([...signedIn, ...staffOnly, "user:change-role"]),
};

export function isStaff(actor: Actor | null | undefined): boolean {
  return actor?.role === "staff" || actor?.role === "admin";
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  return byRole[actor.role].has(permission);
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
