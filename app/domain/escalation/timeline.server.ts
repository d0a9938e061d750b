/**
 * One customer's whole history for staff: questions, answers, escalations and
 * what happened to them, internal notes and private messages, newest first.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, caseEvents, privateMessages, questions, staffNotes, townhallQuestions, townhalls, users } from "#db/schema";
import { requirePermission, type Actor } from "~/auth/permissions";
import { findUserByUsername, publicUser } from "~/domain/accounts/users.server";
import { NotFoundError } from "~/domain/errors";
import { questionUrl } from "~/domain/questions/urls";

const LIMIT = 200;

export interface TimelineEvent {
  kind: string;
  at: string;
  question: { id: string; title: string; url: string } | null;
  actor: string | null;
  text: string | null;
  data?: Record<string, unknown>;
}

export async function getCustomerTimeline(actor: Actor | null, username: string) {
  requirePermission(actor, "staff:view");
  const user = await findUserByUsername(username);
  if (!user) throw new NotFoundError("No such member.");
  const [asked, answered, events, townhallAsked] = await Promise.all([
    db().select().from(questions).where(eq(questions.authorId, user.id)).orderBy(desc(questions.createdAt)).limit(LIMIT),
    db()
      .select({ a: answers, title: questions.title })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(eq(answers.authorId, user.id))
      .orderBy(desc(answers.createdAt))
      .limit(LIMIT),
    db()
      .select({ e: caseEvents, title: questions.title, actor: users.username })
      .from(caseEvents)
      .innerJoin(questions, eq(questions.id, caseEvents.questionId))
      .leftJoin(users, eq(users.id, caseEvents.actorId))
      .where(eq(caseEvents.customerId, user.id))
      .orderBy(desc(caseEvents.createdAt))
      .limit(LIMIT),
    db()
      .select({ q: townhallQuestions, title: townhalls.title })
      .from(townhallQuestions)
      .innerJoin(townhalls, eq(townhalls.id, townhallQuestions.townhallId))
      .where(eq(townhallQuestions.authorId, user.id))
      .orderBy(desc(townhallQuestions.createdAt))
      .limit(LIMIT),
  ]);
  const questionIds = asked.map((q) => q.id);
  const [notes, messages] = questionIds.length
    ? await Promise.all([
        db()
          .select({ n: staffNotes, actor: users.username })
          .from(staffNotes)
          .innerJoin(users, eq(users.id, staffNotes.authorId))
          .where(inArray(staffNotes.questionId, questionIds))
          .orderBy(desc(staffNotes.createdAt))
          .limit(LIMIT),
        db()
          .select({ m: privateMessages, actor: users.username })
          .from(privateMessages)
          .innerJoin(users, eq(users.id, privateMessages.authorId))
          .where(and(inArray(privateMessages.questionId, questionIds)))
          .orderBy(desc(privateMessages.createdAt))
          .limit(LIMIT),
      ])
    : [[], []];
  const titles = new Map(asked.map((q) => [q.id, q.title]));
  const ref = (id: string, title?: string | null) => ({ id, title: title ?? titles.get(id) ?? "(question)", url: questionUrl(id) });
  const all: TimelineEvent[] = [
    ...asked.map((q) => ({ kind: q.deletedAt ? "question_deleted" : "question", at: q.createdAt.toISOString(), question: ref(q.id, q.title), actor: user.username, text: q.body.slice(0, 280) })),
    ...answered.map((r) => ({ kind: "answer", at: r.a.createdAt.toISOString(), question: ref(r.a.questionId, r.title), actor: user.username, text: r.a.body.slice(0, 280) })),
    ...events.map((r) => ({ kind: r.e.kind, at: r.e.createdAt.toISOString(), question: ref(r.e.questionId, r.title), actor: r.actor, text: null, data: r.e.data })),
    ...notes.map((r) => ({ kind: "note", at: r.n.createdAt.toISOString(), question: ref(r.n.questionId), actor: r.actor, text: r.n.body })),
    ...townhallAsked.map((r) => ({
      kind: "townhall_question",
      at: r.q.createdAt.toISOString(),
      question: { id: r.q.townhallId, title: `Town hall: ${r.title}`, url: `/townhalls/${r.q.townhallId}#q-${r.q.id}` },
      actor: user.username,
      text: r.q.answer ? `${r.q.body}\n\nAnswered: ${r.q.answer.slice(0, 200)}` : r.q.body,
      data: { status: r.q.status },
    })),
    ...messages.map((r) => ({ kind: "private_message", at: r.m.createdAt.toISOString(), question: ref(r.m.questionId), actor: r.actor, text: r.m.body.slice(0, 280) })),
  ];
  // Newest first; at the same instant the question comes after (below) what it caused.
  const first = (k: string) => (k === "question" || k === "question_deleted" ? 1 : 0);
  all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : first(a.kind) - first(b.kind)));
  return { customer: publicUser(user), events: all.slice(0, LIMIT) };
}
