/**
 * How reputation is earned, in one table the help page prints. Stack
 * Overflow's rules are the start; where a brand community differs it says so.
 */
export const POINTS = {
  answerUpvoted: 10,
  questionUpvoted: 5,
  answerAccepted: 15,
  acceptingAnswer: 2,
  downvoteReceived: -2,
  downvoteCastOnAnswer: -1,
} as const;

/** Upvotes earn at most this much a day (UTC); acceptances are never capped. */
export const DAILY_VOTE_CAP = 200;

/** More votes than this from one member to another in a day is treated as a voting ring. */
export const PAIR_VOTES_PER_DAY = 5;

/** Votes a member may cast in a day. */
export const VOTES_PER_DAY = 60;

export const rules = [
  { event: "Your answer is upvoted", points: POINTS.answerUpvoted },
  { event: "Your question is upvoted", points: POINTS.questionUpvoted },
  { event: "Your answer is marked as the solution", points: POINTS.answerAccepted },
  { event: "You mark someone else's answer as the solution to your question", points: POINTS.acceptingAnswer },
  { event: "Your post is downvoted", points: POINTS.downvoteReceived },
  { event: "You downvote an answer", points: POINTS.downvoteCastOnAnswer },
] as const;

export const notes = [
  `Upvotes earn at most ${DAILY_VOTE_CAP} points a day (UTC). Solutions are never capped: solving problems is what we value most.`,
  "A withdrawn vote, an unaccepted solution or a deleted post takes its points back: the history shows a reversal.",
  "Marking your own answer as the solution earns nothing, and you cannot vote on your own posts.",
  `More than ${PAIR_VOTES_PER_DAY} votes in a day from one member on another's posts look like a voting ring: that day's points between them are reversed.`,
  `You can cast up to ${VOTES_PER_DAY} votes a day.`,
  "Staff earn points like anyone, but leaderboards rank community members only: staff answering is their job.",
];
