/**
 * Which notifications a member also gets by mail, and how: at once
 * ("instant"), gathered into one daily digest ("daily"), or not at all. The
 * bell always rings; this decides only mail. Shared by the settings page,
 * PATCH /me and the mail sender, so the three cannot disagree.
 */
import { z } from "zod";
import type { NotificationKind } from "#db/schema";

export const emailDeliveries = ["instant", "daily", "off"] as const;
export type EmailDelivery = (typeof emailDeliveries)[number];

/** The kinds a member chooses mail for, with what a new member gets. Kinds not listed (badges, moderation notices) are bell-only. */
export const notificationEmailDefaults = {
  answer: "instant",
  mention: "instant",
  accepted: "instant",
  private_reply: "instant",
  escalated: "instant",
  assigned: "instant",
  routed: "instant",
  townhall_reminder: "instant",
  townhall_answered: "daily",
  watched_answer: "daily",
  watched_question: "daily",
  new_device: "instant",
} as const satisfies Partial<Record<NotificationKind, EmailDelivery>>;

export type EmailNotificationKind = keyof typeof notificationEmailDefaults;
export const emailNotificationKinds = Object.keys(notificationEmailDefaults) as EmailNotificationKind[];

/** What each choice is about, in the settings page's words. */
export const emailKindLabels: Record<EmailNotificationKind, string> = {
  answer: "Answers to my questions",
  mention: "Someone mentions me",
  accepted: "My answer is accepted",
  private_reply: "Private replies from staff",
  escalated: "Escalations (staff)",
  assigned: "A case is assigned to me (staff)",
  routed: "Questions routed to me",
  townhall_reminder: "Town-hall reminders",
  townhall_answered: "My town-hall question is answered",
  watched_answer: "New answers in questions I follow",
  watched_question: "New questions in categories and tags I follow",
  new_device: "A new device signs in to my account",
};

export type EmailPrefs = Record<EmailNotificationKind, EmailDelivery>;

/** A member's stored choices over the defaults (a stored value for a kind that no longer exists is dropped). */
export function effectiveEmailPrefs(stored: Partial<Record<string, EmailDelivery>> | null | undefined): EmailPrefs {
  const out = { ...notificationEmailDefaults } as EmailPrefs;
  for (const kind of emailNotificationKinds) {
    const v = stored?.[kind];
    if (v && (emailDeliveries as readonly string[]).includes(v)) out[kind] = v;
  }
  return out;
}

export function isEmailKind(kind: string): kind is EmailNotificationKind {
  return kind in notificationEmailDefaults;
}

/** `notifications` in PATCH /me and the settings form: any subset of kinds, each instant, daily or off. */
export const emailPrefsInput = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    for (const [kind, choice] of Object.entries(value)) {
      if (!isEmailKind(kind)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [kind], message: `${kind} is not a notification kind; use one of ${emailNotificationKinds.join(", ")}.` });
      else if (typeof choice !== "string" || !(emailDeliveries as readonly string[]).includes(choice))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [kind], message: `${kind} is "instant", "daily" or "off".` });
    }
  })
  .transform((v) => v as Partial<EmailPrefs>);
