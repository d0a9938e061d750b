import { adminRole, advocateRole, can, isSelf, isStaffRole, memberRole, rankedRoles, staffRoles, type Role, type Viewer } from "./actor";

export function canChangeRoles(actor: Viewer): boolean {
  return can(actor, "user:change-role");
}

/** Carrying reputation across from a forum this one replaced: it moves standings, so admins only. */
export function canImportReputation(actor: Viewer): boolean {
  return can(actor, "reputation:import");
}

export function canListUsers(actor: Viewer): boolean {
  return can(actor, "user:list");
}

export function canManageAdvocates(actor: Viewer): boolean {
  return can(actor, "advocate:manage");
}

export function canCreateTokens(actor: Viewer): boolean {
  return can(actor, "token:create");
}

/** A user's own room (their notifications and private replies) is theirs alone. */
export function canListenAsUser(actor: Viewer, userId: string): boolean {
  return isSelf(actor, userId);
}

/** Leaderboards rank customers and advocates; staff earn points but are not ranked. */
export function isRanked(user: { role: Role }): boolean {
  return (rankedRoles as readonly Role[]).includes(user.role);
}

/** The advocate programme nominates customers only. */
export function canBeNominated(user: { role: Role }): boolean {
  return user.role === memberRole;
}

export function canBePromotedToAdvocate(user: { role: Role }): boolean {
  return user.role === memberRole;
}

export function isAdvocate(user: { role: Role }): boolean {
  return user.role === advocateRole;
}

/** Who hears about programme news (nominations). */
export function answersForTheBrand(user: { role: Role }): boolean {
  return isStaffRole(user.role);
}

/** Taking the admin role from someone: the forum must keep at least one admin. */
export function removesAdmin(target: { role: Role }, to: Role): boolean {
  return target.role === adminRole && to !== adminRole;
}

/**
 * The role single sign-on gives a member whose provider puts them in the staff
 * group (OIDC_STAFF_GROUP), or null to leave the role alone. It only promotes:
 * an admin or staff member stays as they are, and leaving the group demotes
 * nobody, since admins may have made that member staff by hand.
 */
export function roleFromStaffGroup(user: { role: Role }, inStaffGroup: boolean): Role | null {
  if (!inStaffGroup || isStaffRole(user.role)) return null;
  return staffRoles[0];
}

/** When a customer is put forward for the advocate programme (isomorphic: the help page prints it). */
export const nominationThreshold = { reputation: 500, accepted: 5 } as const;

/** The reputation half of the nomination rule: checked first, since it costs no query. */
export function hasNominationReputation(user: { role: Role; reputation: number }): boolean {
  return canBeNominated(user) && user.reputation >= nominationThreshold.reputation;
}

/** A customer with the reputation and the solutions is nominated (once); staff decide. */
export function isDueForNomination(user: { role: Role; reputation: number }, solutions: number): boolean {
  return hasNominationReputation(user) && solutions >= nominationThreshold.accepted;
}

/** Deleting an account that is an admin takes an admin away: the forum must keep at least one. */
export function deletionRemovesAdmin(target: { role: Role }): boolean {
  return target.role === adminRole;
}
