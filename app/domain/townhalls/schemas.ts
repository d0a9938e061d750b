import { z } from "zod";
import { moment, oneOf, wholeNumber } from "~/domain/validate";
import { streamEmbed } from "./stream";

const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const scheduleSchema = z.object({
  title: z.string({ required_error: "Give it a title." }).trim().min(5, "At least 5 characters.").max(150, "At most 150 characters."),
  description: z.string({ required_error: "Describe what it is about." }).trim().min(10, "At least 10 characters.").max(5_000),
  startsAt: moment("Pick a start date and time."),
  durationMinutes: wholeNumber("A whole number of minutes.").pipe(z.number().min(15, "At least 15 minutes.").max(480, "At most 8 hours.")).optional().default(60),
  streamUrl: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || streamEmbed(v) !== null, "Use an https YouTube or Vimeo link, or an HLS (.m3u8) URL."),
  moderated: z.union([z.boolean(), z.enum(["on", "true", "false", ""])]).optional().transform((v) => v === undefined || v === true || v === "on" || v === "true"),
  cohosts: z
    .union([z.array(z.string()), z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean))])
    .optional()
    .default([])
    .pipe(z.array(z.string().max(64)).max(10, "At most 10 co-hosts.")),
});

export const askSchema = z.object({
  body: z.string({ required_error: "Write your question." }).trim().min(5, "At least 5 characters.").max(500, "Keep it under 500 characters."),
});

export const voteSchema = z.object({ value: oneOf([1, 0], "Vote 1 to upvote or 0 to take it back.") });

export const chatToggleSchema = z.object({ enabled: z.boolean({ required_error: "Say whether the chat is on.", invalid_type_error: "enabled is true or false." }) });

export const moderateSchema = z.object({
  action: z.enum(["approve", "hide", "answering", "answered", "merge"], { message: "Pick approve, hide, answering, answered or merge." }),
  answer: z.string().trim().max(10_000).optional(),
  into: z.string().max(40).optional(),
});

export const chatSchema = z.object({ body: z.string({ required_error: "Write a message." }).trim().min(1, "Write a message.").max(500, "Keep it under 500 characters.") });

export { checkbox };
