/**
 * The staff page for saved replies: every template with its approval, and
 * adding one. Advocates use approved replies from a question page, but this
 * page is for the staff who write them.
 */
import { canApproveSavedReplies, canWriteSavedReplies, ensure, type Actor } from "~/auth/policies";
import { createSavedReply, listSavedReplies, placeholders } from "./saved-replies.server";

export async function savedRepliesPage(actor: Actor) {
  ensure(canWriteSavedReplies(actor), "Saved replies are written by staff.");
  const replies = await listSavedReplies(actor);
  return { replies, placeholders: [...placeholders], can: { approve: canApproveSavedReplies(actor) } };
}

/** Adds a template, and says whether the one who wrote it may approve it too (an admin) or must wait for one. */
export async function addSavedReply(actor: Actor, input: unknown) {
  const reply = await createSavedReply(actor, input);
  return { reply, canApprove: canApproveSavedReplies(actor) };
}
