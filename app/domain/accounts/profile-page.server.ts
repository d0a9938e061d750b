/** A member's public profile: their figures, reputation over the year, own questions, recent answers and what earned their points. */
import { canIgnore, canRestrict, isSelf, type Viewer } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";
import { listQuestionsByAuthor } from "~/domain/questions/list.server";
import { getReputationHistory, reputationSeries } from "~/domain/reputation/history.server";
import { isIgnoring } from "~/domain/moderation/ignores.server";
import { liveRestrictions } from "~/domain/moderation/live.server";
import { recentAnswers } from "./activity.server";
import { getProfile } from "./users.server";

export async function profilePage(actor: Viewer, username: string, input: { questionsCursor?: string } = {}) {
  const viewer = actor ?? null;
  try {
    const profile = await getProfile(viewer, username);
    const [series, history, answers, questions, restrictions, ignoring] = await Promise.all([
      reputationSeries(profile.id, profile.reputation),
      getReputationHistory(viewer, profile.username, { limit: 10 }),
      recentAnswers(viewer, profile.id),
      listQuestionsByAuthor(viewer, profile.id, { cursor: input.questionsCursor, limit: 10 }),
      // The moderation panel's state is for those who may act on it.
      canRestrict(viewer, profile) ? liveRestrictions(profile.id) : Promise.resolve(null),
      canIgnore(viewer, profile) ? isIgnoring(viewer, profile.id) : Promise.resolve(null),
    ]);
    return {
      profile,
      series,
      history: history.events,
      answers,
      questions,
      isMe: isSelf(actor, profile.id),
      moderation: restrictions,
      ignore: ignoring === null ? null : { ignoring },
    };
  } catch (err) {
    // The page speaks of the member, whichever lookup missed.
    if (err instanceof NotFoundError) throw new NotFoundError("No member has that username.");
    throw err;
  }
}
