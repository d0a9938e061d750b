import { adminRole, can, isSelf, isStaffRole, type ActiveRestriction, type Actor, type Permission, type Role, type Viewer } from "./actor";

/**
 * Suspending and silencing members: who may restrict whom, and whether an
 * actor's restriction is in force. A suspended member is read only; a
 * silenced one still reads and votes, but what they post waits for review.
 */

/**
 * Permissions that only read. A suspended member keeps them (staff who are
 * suspended still see the queue; they cannot work it); every other
 * permission is a write and refuses while the suspension lasts.
 */
const readPermissions: ReadonlySet<Permission> = new Set<Permission>([
  "category:read-advocates",
  "category:read-staff",
  "search:read-figures",
  "post:read-deleted",
  "case:read",
  "customer:read-history",
  "saved-reply:read-drafts",
  "user:list",
  "audit:read",
]);

export function isReadPermission(permission: Permission): boolean {
  return readPermissions.has(permission);
}

/** A restriction the actor carries that has not yet run out (the actor may have been loaded a while ago, on a socket). */
function live(r: ActiveRestriction | null | undefined, at: number): ActiveRestriction | null {
  return r && new Date(r.until).getTime() > at ? r : null;
}

export function activeSuspension(actor: Viewer, at = Date.now()): ActiveRestriction | null {
  return live(actor?.suspended, at);
}

export function activeSilence(actor: Viewer, at = Date.now()): ActiveRestriction | null {
  return live(actor?.silenced, at);
}

/**
 * Staff restrict customers and advocates; only admins restrict staff; nobody
 * restricts an admin (the forum's last word) or themselves.
 */
export function canRestrict(actor: Viewer, target: { id: string; role: Role }): boolean {
  if (!actor || !can(actor, "user:restrict")) return false;
  if (isSelf(actor, target.id) || target.role === adminRole) return false;
  if (isStaffRole(target.role)) return actor.role === adminRole;
  return true;
}

/** Why `canRestrict` said no, in words for the 403. */
export function restrictRefusal(actor: Actor, target: { id: string; role: Role }): string {
  if (isSelf(actor, target.id)) return "You cannot restrict your own account.";
  if (target.role === adminRole) return "Nobody can restrict an admin.";
  if (isStaffRole(target.role)) return "Only admins can restrict staff.";
  return "Only staff can suspend or silence members.";
}

/**
 * Ignoring folds someone's posts away and stops their notifications. Staff
 * and admins answer for the brand (a case reply, a moderation notice), so
 * they cannot be ignored; nor can you ignore yourself.
 */
export function canIgnore(actor: Viewer, target: { id: string; role: Role }): boolean {
  return Boolean(actor && can(actor, "user:ignore") && !isSelf(actor, target.id) && !isStaffRole(target.role));
}

export function ignoreRefusal(actor: Actor, target: { id: string; role: Role }): string {
  if (isSelf(actor, target.id)) return "You cannot ignore yourself.";
  if (isStaffRole(target.role)) return "Staff and admins cannot be ignored: they answer for the community.";
  return "You cannot ignore members.";
}
