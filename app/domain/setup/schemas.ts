import { z } from "zod";
import { signupSchema } from "~/domain/accounts/schemas";

export const defaultCommunityName = "Nimbus Community";
export const defaultCategories = ["Getting started", "Troubleshooting", "Ideas"];
const MAX_CATEGORIES = 12;

/**
 * The first categories, typed one a line: a textarea works without
 * JavaScript and lets the admin add, drop and reorder them freely. Every
 * problem is said on the one field, naming the line it is about.
 */
const categoryLines = z.string({ required_error: "List at least one category, one a line." }).transform((text, ctx) => {
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter(Boolean);
  const problems: string[] = [];
  if (!names.length) problems.push("List at least one category, one a line.");
  if (names.length > MAX_CATEGORIES) problems.push(`Start with at most ${MAX_CATEGORIES} categories; staff can add more later.`);
  const seen = new Set<string>();
  for (const name of names) {
    if (name.length < 2) problems.push(`“${name}” is too short: category names have at least 2 characters.`);
    if (name.length > 60) problems.push(`“${name.slice(0, 20)}…” is too long: category names have at most 60 characters.`);
    if (seen.has(name.toLowerCase())) problems.push(`“${name}” is listed twice.`);
    seen.add(name.toLowerCase());
  }
  for (const message of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  return problems.length ? z.NEVER : names;
});

/** The first administrator's account (the same rules as sign-up), the community's name and its first categories. */
export const setupSchema = signupSchema.extend({
  communityName: z
    .string({ required_error: "Name the community." })
    .trim()
    .min(2, "Community names have at least 2 characters.")
    .max(60, "Community names have at most 60 characters."),
  // A list (already parsed once, or sent as JSON) reads the same as its lines.
  categories: z.preprocess((v) => (Array.isArray(v) ? v.join("\n") : v), categoryLines),
});
export type SetupInput = z.infer<typeof setupSchema>;
