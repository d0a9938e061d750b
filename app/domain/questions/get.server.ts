import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, categories, questions } from "#db/schema";
import {
  canAccept,
  canAnswer,
  canCloseAsDuplicate,
  canDeletePost,
  canEditPost,
  canFlag,
  canReadCases,
  canReadQuestion,
  canSeeCategory,
  canSeeDeletedPosts,
  canVoteOn,
  isSelf,
  type Actor,
} from "~/auth/policies";
import { caseForAsker, getCase } from "~/domain/escalation/cases.server";
import { listNotes } from "~/domain/escalation/notes.server";
import { NotFoundError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { votesBy } from "~/domain/votes/votes.server";
import { presentAnswer, presentAuthor } from "./present.server";
import { answerColumns, author, questionColumns } from "./queries.server";
import { answerSortSchema } from "./schemas";
import { questionUrl } from "./urls";
import { flaggedBy, hiddenReasons } from "~/domain/moderation/items.server";
import { hiddenExplanation } from "~/domain/moderation/present";

/**
 * The question page: the question, its answers (solution first, then by
 * score and age, or newest first with `sort: "newest"`) and what the viewer
 * may do. A question in a category the viewer may not read is "not found",
 * like a missing one.
 */
export async function getQuestion(actor: Actor | null, id: string, input: { sort?: unknown } = {}) {
  const { sort } = parseInput(answerSortSchema, input);
  const [q] = await db()
    .select({
      question: questionColumns,
      author: { username: author.username, role: author.role, reputation: author.reputation, avatarPath: author.avatarPath, id: author.id },
      category: { slug: categories.slug, name: categories.name, visibility: categories.visibility },
    })
    .from(questions)
    .innerJoin(author, eq(author.id, questions.authorId))
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(eq(questions.id, id))
    .limit(1);
  if (!q || !canReadQuestion(actor, { authorId: q.question.authorId, deletedAt: q.question.deletedAt, hiddenAt: q.question.hiddenAt, visibility: q.category.visibility })) throw new NotFoundError("No such question.");

  const showDeleted = canSeeDeletedPosts(actor);
  const answerRows = await db()
    .select(answerColumns)
    .from(answers)
    .innerJoin(author, eq(author.id, answers.authorId))
    // Staff see every answer; others the standing ones, and their own while hidden pending review.
    .where(and(eq(answers.questionId, id), showDeleted ? undefined : and(isNull(answers.deletedAt), actor ? or(isNull(answers.hiddenAt), eq(answers.authorId, actor.id)) : isNull(answers.hiddenAt))))
    .orderBy(
      sql`${answers.id} = ${q.question.acceptedAnswerId ?? ""} desc`,
      ...(sort === "newest" ? [desc(answers.createdAt), desc(answers.id)] : [desc(answers.score), asc(answers.createdAt)]),
    )
    .limit(500);

  const myVotes = actor ? await votesBy(actor.id, [id, ...answerRows.map((a) => a.id)]) : new Map<string, number>();

  const question = q.question;
  const hiddenTargets = [
    ...(question.hiddenAt ? [{ type: "question" as const, id: question.id }] : []),
    ...answerRows.filter((a) => a.hiddenAt).map((a) => ({ type: "answer" as const, id: a.id })),
  ];
  const [reviews, flagged] = await Promise.all([hiddenReasons(hiddenTargets), flaggedBy(actor, [question.id, ...answerRows.map((a) => a.id)])]);
  const hiddenNote = (type: "question" | "answer", id: string, hiddenAt: Date | null) => (hiddenAt ? { explanation: hiddenExplanation(reviews.get(`${type}:${id}`)) } : null);
  let duplicateOf: { id: string; title: string; url: string } | undefined;
  if (question.duplicateOfId) {
    const [original] = await db()
      .select({ id: questions.id, title: questions.title, visibility: categories.visibility })
      .from(questions)
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(eq(questions.id, question.duplicateOfId));
    // An original the viewer may not read is not named (nor linked).
    if (original && canSeeCategory(actor, original.visibility)) duplicateOf = { id: original.id, title: original.title, url: questionUrl(original.id) };
  }
  return {
    question: {
      id: question.id,
      title: question.title,
      body: question.body,
      html: question.html,
      url: questionUrl(question.id),
      author: presentAuthor(q.author),
      category: q.category,
      tags: question.tags,
      score: question.score,
      viewCount: question.viewCount,
      answerCount: question.answerCount,
      solved: question.acceptedAnswerId !== null,
      acceptedAnswerId: question.acceptedAnswerId,
      status: question.status,
      duplicateOf: duplicateOf ?? null,
      deleted: question.deletedAt !== null,
      hidden: question.hiddenAt !== null,
      hiddenNote: hiddenNote("question", question.id, question.hiddenAt),
      edited: question.updatedAt.getTime() > question.createdAt.getTime(),
      createdAt: question.createdAt.toISOString(),
      updatedAt: question.updatedAt.toISOString(),
      lastActivityAt: question.lastActivityAt.toISOString(),
      myVote: myVotes.get(question.id) ?? 0,
      can: {
        edit: canEditPost(actor, question),
        delete: canDeletePost(actor, question),
        vote: canVoteOn(actor, question),
        accept: canAccept(actor, question),
        answer: canAnswer(actor, question),
        close: canCloseAsDuplicate(actor),
        flag: canFlag(actor, question) && !question.deletedAt && !question.hiddenAt,
      },
      flagged: flagged.has(question.id),
    },
    answers: answerRows.map((a) => ({
      ...presentAnswer(a, question.acceptedAnswerId),
      hiddenNote: hiddenNote("answer", a.id, a.hiddenAt),
      myVote: myVotes.get(a.id) ?? 0,
      can: { edit: canEditPost(actor, a), delete: canDeletePost(actor, a), vote: canVoteOn(actor, a), flag: canFlag(actor, a) && !a.deletedAt && !a.hiddenAt },
      flagged: flagged.has(a.id),
    })),
    sort,
    ...(await supportView(actor, question.id, q.author.id)),
  };
}

/**
 * The support side of the page, by who is looking: staff get the case and the
 * internal notes; the asker gets where their question stands; everyone else
 * learns only whether it moved to a private conversation.
 */
async function supportView(actor: Actor | null, questionId: string, askerId: string) {
  if (canReadCases(actor)) {
    const [support, notes] = await Promise.all([getCase(actor, questionId).catch(() => null), listNotes(actor, questionId)]);
    return { support: support ? { view: "staff" as const, ...support } : null, notes };
  }
  const mine = await caseForAsker(questionId);
  if (!mine) return { support: null };
  if (isSelf(actor, askerId)) return { support: { view: "asker" as const, ...mine } };
  return { support: { view: "public" as const, isPrivate: mine.isPrivate } };
}
export type QuestionPage = Awaited<ReturnType<typeof getQuestion>>;
