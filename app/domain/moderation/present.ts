/** How moderation explains itself to a post's author and to staff: plain words, no codes. */
export const flagReasonLabels: Record<string, string> = {
  spam: "spam",
  abusive: "abusive",
  off_topic: "off topic",
  needs_staff: "needs staff",
  other: "something else",
};

export const ruleLabels: Record<string, string> = {
  first_links: "A new member's post with links waits for a moderator: it keeps link spam off the forum.",
  repeat_spam: "It repeats a post that was removed as spam.",
  silenced: "The author is silenced: their posts wait for a moderator.",
};

export interface ReviewInfo {
  source: string;
  rule: string | null;
  reasons: string[];
  status: string;
}

/** Why a post is hidden, for the banner its author and staff see above it. */
export function hiddenExplanation(info: ReviewInfo | undefined): string {
  if (!info) return "It is hidden until a moderator reviews it.";
  if (info.status === "hidden") return "A moderator hid it. Edit it to fix what was wrong, and it goes back to review.";
  if (info.source === "edited") return "It was edited and waits for a moderator to look again.";
  if (info.source === "spam_rule") return ruleLabels[info.rule ?? ""] ?? "A spam rule held it for a moderator.";
  const why = info.reasons.map((r) => flagReasonLabels[r] ?? r).join(", ");
  return `Members flagged it${why ? ` (${why})` : ""}. It is hidden until a moderator reviews it; editing it sends it back to review.`;
}
