const labels: Record<string, string> = {
  answer_upvoted: "Answer upvoted",
  answer_downvoted: "Answer downvoted",
  question_upvoted: "Question upvoted",
  question_downvoted: "Question downvoted",
  downvote_cast: "Downvoted an answer",
  answer_accepted: "Answer marked as the solution",
  accepted_answer: "Marked a solution to your question",
  first_response: "First response to a question",
};

/** One line for a ledger event, as the profile and history show it. */
export function describeEvent(kind: string, reverses: string | null, reason: string | null) {
  if (kind === "reversal") return `Reversed: ${(labels[reverses ?? ""] ?? "an award").toLowerCase()}${reason ? ` (${reason})` : ""}`;
  return labels[kind] ?? kind;
}
