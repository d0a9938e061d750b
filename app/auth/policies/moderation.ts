import { advocateRole, can, isSelf, isStaff, privilegeThreshold, type Viewer } from "./actor";

/**
 * How much a flag weighs, and how much weight hides a post pending review.
 * By default three members' flags hide it, or one from an advocate or a
 * staff member: people the brand already trusts to judge a post. A member
 * whose reputation lets them edit anyone's post counts double. The threshold
 * is an operator's setting (FLAG_HIDE_WEIGHT); weights scale with it, so
 * "one advocate hides at once" holds whatever it is set to.
 */
export const defaultHideWeight = 3;

export function hideWeight(): number {
  const raw = Number(process.env.FLAG_HIDE_WEIGHT);
  return Number.isInteger(raw) && raw >= 1 && raw <= 100 ? raw : defaultHideWeight;
}

export function flagWeight(actor: Viewer): number {
  if (!actor) return 0;
  if (isStaff(actor) || actor.role === advocateRole) return hideWeight();
  if (actor.reputation >= privilegeThreshold("post:edit-any")) return 2;
  return 1;
}

/** Members flag what others wrote; flagging one's own post says nothing. */
export function canFlag(actor: Viewer, post: { authorId: string }): boolean {
  return can(actor, "post:flag") && !isSelf(actor, post.authorId);
}

/** Staff work the review queue and decide: keep, hide, delete. */
export function canReview(actor: Viewer): boolean {
  return can(actor, "review:work");
}

/** A post hidden pending review stays readable to its author (who may fix it) and to staff. */
export function canSeeHiddenPost(actor: Viewer, post: { authorId: string; hiddenAt?: Date | null }): boolean {
  return !post.hiddenAt || isSelf(actor, post.authorId) || canReview(actor);
}

/** The brand vouches for staff and advocates: the spam rules never hold what they write. */
export function exemptFromSpamRules(actor: Viewer): boolean {
  return isStaff(actor) || actor?.role === advocateRole;
}
