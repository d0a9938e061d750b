/**
 * Everything the question page shows besides the thread itself: the staff
 * side (people to assign, internal notes come with the question), the saved
 * replies this reader may use, the private conversation when they are part of
 * it, and what they may do with votes.
 */
import { canDownvote, canUseSavedReplies, canWorkCases, privilegeThreshold, type Viewer } from "~/auth/policies";
import { listStaff } from "~/domain/escalation/cases.server";
import { listPrivateMessages } from "~/domain/escalation/private-thread.server";
import { listSavedReplies } from "~/domain/escalation/saved-replies.server";
import { ignoredUsernames } from "~/domain/moderation/ignores.server";
import { getQuestion } from "./get.server";

export async function questionPage(viewer: Viewer, id: string, input: { sort?: unknown } = {}) {
  const actor = viewer ?? null;
  const page = await getQuestion(actor, id, input);
  const workCases = canWorkCases(actor);
  const isAsker = actor !== null && actor.username === page.question.author.username;
  // A private conversation is between the asker and staff.
  const inThread = Boolean(page.support?.isPrivate) && (workCases || isAsker);
  const [staff, savedReplies, messages, ignored] = await Promise.all([
    workCases ? listStaff(actor) : Promise.resolve([]),
    canUseSavedReplies(actor)
      ? listSavedReplies(actor).then((all) => all.filter((r) => r.approved).map((r) => ({ id: r.id, title: r.title })))
      : Promise.resolve([]),
    inThread ? listPrivateMessages(actor, page.question.id) : Promise.resolve([]),
    ignoredUsernames(actor),
  ]);
  return {
    ...page,
    staff,
    savedReplies,
    messages,
    isAsker,
    // Whose posts fold away for this reader (the components match on author names).
    ignored,
    votes: { signedIn: actor !== null, canDownvote: canDownvote(actor), downvoteThreshold: privilegeThreshold("vote:down") },
    can: { workCases, readPrivateThread: inThread },
  };
}
