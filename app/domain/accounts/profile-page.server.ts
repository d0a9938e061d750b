/** A member's public profile: their figures, reputation over the year, recent answers and what earned their points. */
import { isSelf, type Viewer } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";
import { getReputationHistory, reputationSeries } from "~/domain/reputation/history.server";
import { recentAnswers } from "./activity.server";
import { getProfile } from "./users.server";

export async function profilePage(actor: Viewer, username: string) {
  try {
    const profile = await getProfile(username);
    const [series, history, answers] = await Promise.all([
      reputationSeries(profile.id, profile.reputation),
      getReputationHistory(actor ?? null, profile.username, { limit: 10 }),
      recentAnswers(actor ?? null, profile.id),
    ]);
    return { profile, series, history: history.events, answers, isMe: isSelf(actor, profile.id) };
  } catch (err) {
    // The page speaks of the member, whichever lookup missed.
    if (err instanceof NotFoundError) throw new NotFoundError("No member has that username.");
    throw err;
  }
}
