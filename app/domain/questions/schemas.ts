import { z } from "zod";
import { oneOf } from "~/domain/validate";
import { categoryVisibilities } from "~/auth/policies";

/** Tags are lower-case words joined by dashes: "Air Pro" and "air_pro" both become "air-pro". */
export function normaliseTag(raw: string) {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^#/, "")
    .replace(/[\s_]+/g, "-")
    .replace(/[^a-z0-9.+-]/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

const tagList = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((value) => {
    const raw = value === undefined ? [] : Array.isArray(value) ? value : value.split(/[,\s]+/);
    return Array.from(new Set(raw.map(normaliseTag).filter(Boolean)));
  })
  .pipe(
    z
      .array(z.string().max(30, "Tags have at most 30 characters."))
      .max(5, "Use at most 5 tags."),
  );

export const titleSchema = z
  .string({ required_error: "Give your question a title." })
  .trim()
  .min(15, "Titles have at least 15 characters: say what you need.")
  .max(150, "Titles have at most 150 characters.");

export const bodySchema = z
  .string({ required_error: "Describe your question." })
  .trim()
  .min(20, "Add a little more detail (at least 20 characters).")
  .max(30_000, "Posts have at most 30,000 characters.");

export const askSchema = z.object({
  title: titleSchema,
  body: bodySchema,
  category: z.string({ required_error: "Choose a category." }).trim().min(1, "Choose a category.").max(60),
  tags: tagList,
  // "My product is unusable": straight to the staff queue. Checkboxes send "on".
  urgent: z
    .union([z.boolean(), z.enum(["on", "true", "false", ""])])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
});
export type AskInput = z.infer<typeof askSchema>;

export const editQuestionSchema = z
  .object({ title: titleSchema.optional(), body: bodySchema.optional(), tags: tagList.optional() })
  .refine((v) => v.title !== undefined || v.body !== undefined || v.tags !== undefined, {
    message: "Change the title, the body or the tags.",
    path: ["_form"],
  });

export const answerSchema = z.object({
  body: z
    .string({ required_error: "Write your answer." })
    .trim()
    .min(10, "Answers have at least 10 characters.")
    .max(30_000, "Answers have at most 30,000 characters."),
});

export const voteSchema = z.object({
  target: z.enum(["question", "answer"], { errorMap: () => ({ message: 'Target is "question" or "answer".' }) }),
  id: z.string({ required_error: "Which post?" }).min(1).max(40),
  value: oneOf([1, -1, 0], "A vote is 1, -1 or 0."),
});

export const listFilters = ["latest", "unanswered", "unsolved", "solved"] as const;
export type ListFilter = (typeof listFilters)[number];

export const listSchema = z.object({
  filter: z.enum(listFilters).default("latest"),
  category: z.string().max(60).optional(),
  tag: z.string().max(30).optional().transform((t) => (t ? normaliseTag(t) : undefined)),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, "limit is 1 to 100.").max(100, "limit is 1 to 100.").default(20),
});
export type ListInput = z.input<typeof listSchema>;

/** Who may read a category: everyone, advocates and staff, or staff only (the policies say who is who). */
export { categoryVisibilities, type CategoryVisibility } from "~/auth/policies";

export const categorySchema = z.object({
  name: z.string({ required_error: "Name the category." }).trim().min(2, "Names have at least 2 characters.").max(60),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and dashes.")
    .max(60)
    .optional(),
  description: z.string().trim().max(500, "Descriptions have at most 500 characters.").optional(),
  visibility: z
    .enum(categoryVisibilities, { errorMap: () => ({ message: "Visibility is public, advocates or staff." }) })
    .optional(),
});

/** How a question's answers are ordered; the solution, when there is one, always comes first. */
export const answerSorts = ["votes", "newest"] as const;
export type AnswerSort = (typeof answerSorts)[number];
export const answerSortSchema = z.object({
  sort: z.enum(answerSorts, { errorMap: () => ({ message: "sort is votes or newest." }) }).default("votes"),
});
