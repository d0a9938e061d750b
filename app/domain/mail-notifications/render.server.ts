/**
 * What a notification says by mail, decided when the message is sent: a
 * notification read in the page meanwhile, a choice changed to daily or off,
 * or a post that is gone, sends nothing.
 */
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "#db/client.server";
import { answers, notifications, questions, users } from "#db/schema";
import type { MailContent } from "~/domain/mail/layout.server";
import { absoluteUrl, unsubscribeUrl } from "~/domain/mail/links.server";
import type { MailContext } from "~/domain/mail/templates.server";
import { effectiveEmailPrefs, emailKindLabels, isEmailKind, type EmailNotificationKind } from "~/domain/notifications/preferences";
import { questionUrl } from "~/domain/questions/urls";

/** "<actor> <verb> "<title>"", in the words of the notifications page. */
const verbs: Record<EmailNotificationKind, string> = {
  answer: "answered your question",
  mention: "mentioned you in",
  accepted: "accepted your answer to",
  private_reply: "wrote privately about",
  escalated: "escalated",
  assigned: "assigned you",
  routed: "routed to you",
  townhall_reminder: "reminds you of a town hall",
  townhall_answered: "answered your town-hall question",
  watched_answer: "posted a new answer in a question you follow:",
  watched_question: "asked, in a category or tag you follow:",
  new_device: "signed in to your account from a new device",
};

const answerKinds = new Set<EmailNotificationKind>(["answer", "accepted", "watched_answer", "mention"]);

function excerpt(markdown: string, max = 300) {
  const plain = markdown.replace(/```[\s\S]*?```/g, " ").replace(/[#>*_`[\]]/g, "").replace(/\s+/g, " ").trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/** What a notification's mail says, for `kind`: shared by the instant message and the daily digest. */
export function notificationVerb(kind: EmailNotificationKind) {
  return verbs[kind];
}

const actor = alias(users, "actor");

export async function renderNotificationMail(_data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  if (!ctx.notificationId || !ctx.userId) return null;
  // One round trip per message: the mail job renders thousands in a row after a fan-out.
  const [row] = await db()
    .select({
      n: notifications,
      prefs: users.emailPrefs,
      actorName: actor.username,
      actorDeletedAt: actor.deletedAt,
      question: { title: questions.title, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt },
      answer: { body: answers.body, deletedAt: answers.deletedAt, hiddenAt: answers.hiddenAt },
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(actor, eq(actor.id, notifications.actorId))
    .leftJoin(questions, eq(questions.id, notifications.questionId))
    .leftJoin(answers, eq(answers.id, notifications.answerId))
    .where(eq(notifications.id, ctx.notificationId));
  if (!row || row.n.readAt || !isEmailKind(row.n.kind)) return null;
  const kind = row.n.kind;
  if (effectiveEmailPrefs(row.prefs)[kind] !== "instant") return null;
  const who = row.actorName ? (row.actorDeletedAt ? "A deleted user" : row.actorName) : "Someone";

  let title = "";
  let url = absoluteUrl("/notifications");
  let quote: string | undefined;
  if (row.n.questionId) {
    const q = row.question;
    if (!q || q.deletedAt || q.hiddenAt) return null;
    title = q.title;
    url = absoluteUrl(questionUrl(row.n.questionId) + (row.n.answerId ? `#answer-${row.n.answerId}` : ""));
  }
  if (row.n.answerId && answerKinds.has(kind)) {
    const a = row.answer;
    if (!a || a.deletedAt || a.hiddenAt) return null;
    quote = excerpt(a.body);
  }
  const line = title ? `${who} ${verbs[kind]} "${title}"` : `${who} ${verbs[kind]}`;
  return {
    subject: title ? `${who} ${verbs[kind].replace(/:$/, "")}: ${title}` : line,
    paragraphs: [line.endsWith(".") ? line : `${line}.`],
    quote,
    action: { label: row.n.answerId ? "View the answer" : "Open it", url },
    footer: `You get this because you chose instant mail for "${emailKindLabels[kind]}". Change it in your notification settings (${absoluteUrl("/settings/notifications")}).`,
    unsubscribeUrl: await unsubscribeUrl(ctx.userId, `kind:${kind}`),
  };
}
