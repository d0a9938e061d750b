import { can, isSelf, type Viewer } from "./actor";

/** What the post rules read of a question or an answer. */
export interface PostRow {
  authorId: string;
}

/** Authors edit their own posts; staff, and members with the privilege, edit anyone's. */
export function canEditPost(actor: Viewer, post: PostRow): boolean {
  return isSelf(actor, post.authorId) || can(actor, "post:edit-any");
}

export function canDeletePost(actor: Viewer, post: PostRow): boolean {
  return isSelf(actor, post.authorId) || can(actor, "post:delete-any");
}

/** Nobody votes on their own post. */
export function canVoteOn(actor: Viewer, post: PostRow): boolean {
  return can(actor, "vote:cast") && !isSelf(actor, post.authorId);
}

export function canDownvote(actor: Viewer): boolean {
  return can(actor, "vote:down");
}

/** Deleted posts stay readable to staff only. */
export function canSeeDeletedPosts(actor: Viewer): boolean {
  return can(actor, "post:read-deleted");
}

/** Trusted members skip the posting limits that keep spam out. */
export function postsWithoutLimits(actor: Viewer): boolean {
  return can(actor, "post:unlimited");
}
