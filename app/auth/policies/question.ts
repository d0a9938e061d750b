import { can, isSelf, type Viewer } from "./actor";
import { canSeeCategory, type CategoryVisibility } from "./category";
import { canSeeHiddenPost } from "./moderation";
import { canSeeDeletedPosts } from "./post";

export interface ReadableQuestionRow {
  authorId: string;
  deletedAt: Date | null;
  /** Absent for rows read before moderation existed (fixtures): not hidden. */
  hiddenAt?: Date | null;
  visibility: CategoryVisibility;
}

/**
 * Missing, deleted (unless staff), hidden pending review (unless its author
 * or staff) and in a category hidden from the actor all read as "not found",
 * so a private question's existence is not revealed.
 */
export function canReadQuestion(actor: Viewer, q: ReadableQuestionRow): boolean {
  return (!q.deletedAt || canSeeDeletedPosts(actor)) && canSeeHiddenPost(actor, q) && canSeeCategory(actor, q.visibility);
}

export function canAsk(actor: Viewer): boolean {
  return can(actor, "question:ask");
}

/** Asking in a category needs reading it. */
export function canAskIn(actor: Viewer, category: { visibility: CategoryVisibility }): boolean {
  return canAsk(actor) && canSeeCategory(actor, category.visibility);
}

/** A closed duplicate takes no new answers, nor does a deleted question or one hidden pending review. */
export function canAnswer(actor: Viewer, q: { deletedAt: Date | null; hiddenAt?: Date | null; duplicateOfId: string | null }): boolean {
  return can(actor, "answer:post") && q.deletedAt === null && !q.hiddenAt && q.duplicateOfId === null;
}

/** The asker marks the solution; staff may do it for them. */
export function canAccept(actor: Viewer, q: { authorId: string }): boolean {
  return isSelf(actor, q.authorId) || can(actor, "answer:accept-any");
}

export function canCloseAsDuplicate(actor: Viewer): boolean {
  return can(actor, "question:close-duplicate");
}

/** "I need staff": the person who asked, or staff. */
export function canEscalate(actor: Viewer, q: { authorId: string }): boolean {
  return isSelf(actor, q.authorId) || can(actor, "case:work");
}
