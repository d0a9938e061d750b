/**
 * One customer's whole history for staff: questions, answers, escalations and
 * what happened to them, internal notes and private messages, newest first.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { caseEvents, caseStates, privateMessages, questions, staffNotes, supportCases, townhallQuestionStatuses, users } from "#db/schema";
import { ensureCan, type Actor } from "~/auth/policies";
import { findUserByUsername, publicUser } from "~/domain/accounts/users.server";
import { answersGivenBy } from "~/domain/answers/history.server";
import { NotFoundError } from "~/domain/errors";
import { questionsAskedBy } from "~/domain/questions/history.server";
import { questionUrl } from "~/domain/questions/urls";
import { townhallQuestionsAskedBy } from "~/domain/townhalls/history.server";
import type { CaseLogKind } from "./case-log.server";

const LIMIT = 200;

// A field the writers always set reads as null when a row lacks it (or got it wrong); an optional one stays absent.
const orNull = <T extends z.ZodTypeAny>(t: T) => t.nullable().catch(null);
const responder = orNull(z.enum(supportCases.solvedBy.enumValues));
const state = orNull(z.enum(caseStates));
const count = orNull(z.number().finite());
const name = orNull(z.string().min(1));

/**
 * The data each case-log kind carries (written as CaseLogData), read back
 * tolerantly: older rows and the seed may carry less, and a page must not
 * fail on them.
 */
const caseData = {
  routed: z.object({ advocates: count }),
  escalated: z.object({ reason: orNull(z.enum(supportCases.escalationReason.enumValues)), note: z.string().optional().catch(undefined) }),
  claimed: z.object({ assignee: name }),
  assigned: z.object({ assignee: name }),
  status_changed: z.object({ from: state, to: state }),
  moved_private: z.object({}),
  first_response: z.object({ role: responder, minutes: count }),
  solved: z.object({ by: responder, private: z.boolean().optional().catch(undefined) }),
  breached: z.object({}),
} satisfies Record<CaseLogKind, z.ZodTypeAny>;

export interface TimelineQuestionRef {
  id: string;
  title: string;
  url: string;
}

interface TimelineBase {
  at: string;
  /** The question it concerns; for a town hall question, the town hall. */
  question: TimelineQuestionRef;
  /** Who did it (a username), when anyone did. */
  actor: string | null;
}

/** What the customer wrote, or staff wrote about them: a body, or its first lines. */
type WrittenEvent = TimelineBase & {
  kind: "question" | "question_deleted" | "answer" | "note" | "private_message";
  text: string;
  /** None: only the town hall and case-log kinds carry data (typed so a renderer may read `data` before narrowing). */
  data?: Record<string, never>;
};

type TownhallQuestionEvent = TimelineBase & {
  kind: "townhall_question";
  text: string;
  data: { status: (typeof townhallQuestionStatuses)[number] };
};

/** An entry of the case log, with the data its kind carries. */
type CaseLogEvent = { [K in CaseLogKind]: TimelineBase & { kind: K; text: null; data: z.infer<(typeof caseData)[K]> } }[CaseLogKind];

/** One line of a customer's history, told apart by `kind`. */
export type TimelineEvent = WrittenEvent | TownhallQuestionEvent | CaseLogEvent;
export type TimelineEventKind = TimelineEvent["kind"];

function caseLogEvent<K extends CaseLogKind>(kind: K, base: TimelineBase, data: unknown): CaseLogEvent {
  const schema: z.ZodTypeAny = caseData[kind];
  const parsed = schema.safeParse(data);
  // TypeScript cannot tie `caseData[kind]`'s output to `kind` itself; the map above does.
  return { ...base, kind, text: null, data: parsed.success ? parsed.data : schema.parse({}) } as CaseLogEvent;
}

export async function getCustomerTimeline(actor: Actor | null, username: string) {
  ensureCan(actor, "customer:read-history");
  const user = await findUserByUsername(username);
  if (!user) throw new NotFoundError("No such member.");
  const [asked, answered, events, townhallAsked] = await Promise.all([
    questionsAskedBy(user.id, LIMIT),
    answersGivenBy(user.id, LIMIT),
    db()
      .select({ e: caseEvents, title: questions.title, actor: users.username })
      .from(caseEvents)
      .innerJoin(questions, eq(questions.id, caseEvents.questionId))
      .leftJoin(users, eq(users.id, caseEvents.actorId))
      .where(eq(caseEvents.customerId, user.id))
      .orderBy(desc(caseEvents.createdAt))
      .limit(LIMIT),
    townhallQuestionsAskedBy(user.id, LIMIT),
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
    ...asked.map((q): TimelineEvent => ({ kind: q.deletedAt ? "question_deleted" : "question", at: q.createdAt.toISOString(), question: ref(q.id, q.title), actor: user.username, text: q.body.slice(0, 280) })),
    ...answered.map((r): TimelineEvent => ({ kind: "answer", at: r.a.createdAt.toISOString(), question: ref(r.a.questionId, r.title), actor: user.username, text: r.a.body.slice(0, 280) })),
    ...events.map((r) => caseLogEvent(r.e.kind, { at: r.e.createdAt.toISOString(), question: ref(r.e.questionId, r.title), actor: r.actor }, r.e.data)),
    ...notes.map((r): TimelineEvent => ({ kind: "note", at: r.n.createdAt.toISOString(), question: ref(r.n.questionId), actor: r.actor, text: r.n.body })),
    ...townhallAsked.map((r): TimelineEvent => ({
      kind: "townhall_question",
      at: r.q.createdAt.toISOString(),
      question: { id: r.q.townhallId, title: `Town hall: ${r.title}`, url: `/townhalls/${r.q.townhallId}#q-${r.q.id}` },
      actor: user.username,
      text: r.q.answer ? `${r.q.body}\n\nAnswered: ${r.q.answer.slice(0, 200)}` : r.q.body,
      data: { status: r.q.status },
    })),
    ...messages.map((r): TimelineEvent => ({ kind: "private_message", at: r.m.createdAt.toISOString(), question: ref(r.m.questionId), actor: r.actor, text: r.m.body.slice(0, 280) })),
  ];
  // Newest first; at the same instant the question comes after (below) what it caused.
  const first = (k: TimelineEventKind) => (k === "question" || k === "question_deleted" ? 1 : 0);
  all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : first(a.kind) - first(b.kind)));
  return { customer: publicUser(user), events: all.slice(0, LIMIT) };
}
