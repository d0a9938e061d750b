import { z } from "zod";
import { flagReasons } from "#db/schema";

const trimmed = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v), z.string().max(max, message).optional());

/** A flag: what, which, why; "other" needs a note saying what is wrong. */
export const flagSchema = z
  .object({
    target: z.enum(["question", "answer", "chat_message"], { errorMap: () => ({ message: "target is question, answer or chat_message." }) }),
    id: z.string({ required_error: "id names the post." }).min(1, "id names the post.").max(40, "id names the post."),
    reason: z.enum(flagReasons, { errorMap: () => ({ message: `reason is one of ${flagReasons.join(", ")}.` }) }),
    note: trimmed(500, "Keep the note under 500 characters."),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.reason === "other" && !v.note) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["note"], message: "Say what is wrong with it." });
  });
export type FlagInput = z.output<typeof flagSchema>;

export const reviewActions = ["keep", "hide", "delete"] as const;
export type ReviewAction = (typeof reviewActions)[number];

export const resolveSchema = z.object({
  action: z.enum(reviewActions, { errorMap: () => ({ message: "action is keep, hide or delete." }) }),
});

export const queueSchema = z.object({ cursor: trimmed(200, "This page link is broken: start from the first page.") });
