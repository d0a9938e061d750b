import type { BadgeTier } from "#db/schema";

/** What the badge rules look at for one member: every figure comes from the ledger or the member's own rows. */
export interface BadgeStats {
  reputation: number;
  questions: number;
  answers: number;
  votesCast: number;
  accepted: number;
  fastResponses: number;
  answerCategories: number;
  longestStreak: number;
  bestAnswerScore: number;
  championTag: string | null;
}

export interface BadgeDefinition {
  slug: string;
  name: string;
  tier: BadgeTier;
  description: string;
  earned: (s: BadgeStats) => boolean;
}

/** The badges, in the order the badge page lists them. A rule is a pure function of a member's stats. */
export const badges: BadgeDefinition[] = [
  { slug: "curious", name: "Curious", tier: "bronze", description: "Asked a first question.", earned: (s) => s.questions >= 1 },
  { slug: "supporter", name: "Supporter", tier: "bronze", description: "Cast a first vote.", earned: (s) => s.votesCast >= 1 },
  { slug: "helper", name: "Helper", tier: "bronze", description: "Posted a first answer.", earned: (s) => s.answers >= 1 },
  { slug: "problem-solver", name: "Problem Solver", tier: "bronze", description: "Had a first answer marked as the solution.", earned: (s) => s.accepted >= 1 },
  { slug: "quick-responder", name: "Quick Responder", tier: "bronze", description: "Gave a question its first response within an hour.", earned: (s) => s.fastResponses >= 1 },
  { slug: "nice-answer", name: "Nice Answer", tier: "bronze", description: "An answer reached a score of 5.", earned: (s) => s.bestAnswerScore >= 5 },
  { slug: "troubleshooter", name: "Troubleshooter", tier: "silver", description: "10 answers marked as the solution.", earned: (s) => s.accepted >= 10 },
  { slug: "first-responder", name: "First Responder", tier: "silver", description: "10 first responses within an hour.", earned: (s) => s.fastResponses >= 10 },
  { slug: "well-rounded", name: "Well-Rounded", tier: "silver", description: "Answered in 5 different categories.", earned: (s) => s.answerCategories >= 5 },
  { slug: "steady-helper", name: "Steady Helper", tier: "silver", description: "Answered on 7 days in a row.", earned: (s) => s.longestStreak >= 7 },
  { slug: "good-answer", name: "Good Answer", tier: "silver", description: "An answer reached a score of 15.", earned: (s) => s.bestAnswerScore >= 15 },
  { slug: "trusted", name: "Trusted", tier: "silver", description: "Earned 1,000 reputation.", earned: (s) => s.reputation >= 1000 },
  { slug: "fixer", name: "Fixer", tier: "gold", description: "50 answers marked as the solution.", earned: (s) => s.accepted >= 50 },
  { slug: "legend", name: "Legend", tier: "gold", description: "250 answers marked as the solution.", earned: (s) => s.accepted >= 250 },
  { slug: "tag-champion", name: "Tag Champion", tier: "gold", description: "The top solver of a tag, with at least 5 solutions in it.", earned: (s) => s.championTag !== null },
  { slug: "great-answer", name: "Great Answer", tier: "gold", description: "An answer reached a score of 50.", earned: (s) => s.bestAnswerScore >= 50 },
  { slug: "pillar", name: "Pillar of the Community", tier: "gold", description: "Answered on 30 days in a row.", earned: (s) => s.longestStreak >= 30 },
];

export function badgeBySlug(slug: string) {
  return badges.find((b) => b.slug === slug);
}
