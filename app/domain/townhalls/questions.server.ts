import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { rowsOf } from "#db/rows";
import { categories, townhallChat, townhallFlags, townhallQuestions, townhallVotes, townhalls, users, type TownhallQuestion } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canChat, canRunTownhall, canSeeTownhallQuestion, canVoteTownhallQuestion, ensure, ensureCan, isPublicTownhallStatus, skipsModeration, type Actor } from "~/auth/policies";
import { toActor } from "~/domain/accounts/users.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { consume } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { askSchema, chatSchema, moderateSchema, voteSchema } from "./schemas";
import { hostingOf, loadTownhall, recordStateChange, requireRunner, townhallUrl } from "./townhalls.server";
import { now as clock } from "~/clock";
import { addFlagInTx } from "~/domain/moderation/flags.server";
import { loadPost } from "~/domain/moderation/targets.server";
import { holdForReview } from "~/domain/moderation/items.server";
import { isSilenced } from "~/domain/moderation/spam-rules.server";

export function presentQuestion(q: TownhallQuestion & { author: string; authorRole: string }, myVote = false, runner = false) {
  return {
    id: q.id,
    townhallId: q.townhallId,
    body: q.body,
    author: { username: q.author, role: q.authorRole },
    votes: q.votes,
    votesVersion: q.votesVersion,
    status: q.status,
    answer: q.answer,
    answerHtml: q.answerHtml,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    createdAt: q.createdAt.toISOString(),
    myVote,
    forumQuestionUrl: q.forumQuestionId ? `/q/${q.forumQuestionId}` : null,
    ...(runner ? { flags: q.flags, mergedIntoId: q.mergedIntoId } : {}),
  };
}
export type TownhallQuestionView = ReturnType<typeof presentQuestion>;

async function loadQuestion(townhallId: string, questionId: string, executor: Executor = db()) {
  const [row] = await executor
    .select({ q: townhallQuestions, author: users.username, authorRole: users.role })
    .from(townhallQuestions)
    .innerJoin(users, eq(users.id, townhallQuestions.authorId))
    .where(and(eq(townhallQuestions.id, questionId), eq(townhallQuestions.townhallId, townhallId)));
  if (!row) throw new NotFoundError("No such question.");
  return { ...row.q, author: row.author, authorRole: row.authorRole };
}


export async function listTownhallQuestions(actor: Actor | null, townhallId: string, sort: "votes" | "newest" = "votes") {
  const t = await loadTownhall(townhallId);
  const runner = canRunTownhall(actor, await hostingOf(actor, t));
  const rows = await db()
    .select({ q: townhallQuestions, author: users.username, authorRole: users.role })
    .from(townhallQuestions)
    .innerJoin(users, eq(users.id, townhallQuestions.authorId))
    .where(eq(townhallQuestions.townhallId, townhallId))
    .orderBy(sort === "votes" ? desc(townhallQuestions.votes) : desc(townhallQuestions.createdAt), asc(townhallQuestions.createdAt));
  const visible = rows.filter((r) => canSeeTownhallQuestion(actor, r.q, runner));
  const mine = actor
    ? new Set(
        (await db().select({ id: townhallVotes.questionId }).from(townhallVotes).where(and(eq(townhallVotes.userId, actor.id), inArray(townhallVotes.questionId, visible.map((r) => r.q.id).concat(["-"]))))).map((v) => v.id),
      )
    : new Set<string>();
  return visible.map((r) => presentQuestion({ ...r.q, author: r.author, authorRole: r.authorRole }, mine.has(r.q.id), runner));
}

export async function askTownhallQuestion(actor: Actor | null, townhallId: string, input: unknown) {
  const me = ensureCan(actor, "townhall:participate");
  const { body } = parseInput(askSchema, input);
  const t = await loadTownhall(townhallId);
  if (t.state === "ended") throw new ConflictError("This town hall has ended: ask in the forum instead.");
  await consume({ key: `townhall-ask:${me.id}`, max: 5, windowSeconds: 60 });
  const runner = canRunTownhall(me, await hostingOf(me, t));
  return transact(async (tx, events) => {
    // A silenced member's question waits for the hosts and sits in the forum's review queue.
    const silenced = !runner && (await isSilenced(tx, me.id));
    const [row] = await tx
      .insert(townhallQuestions)
      .values({ id: newId(), townhallId, authorId: me.id, body, status: skipsModeration(t, runner) && !silenced ? "approved" : "pending" })
      .returning();
    if (silenced) await holdForReview(tx, events, { type: "townhall_question", id: row.id, authorId: me.id }, "silenced");
    const view = presentQuestion({ ...row, author: me.username, authorRole: me.role }, false, runner);
    events.record({ type: "townhall.question_changed", question: view, authorId: me.id });
    return view;
  });
}

export async function voteTownhallQuestion(actor: Actor | null, townhallId: string, questionId: string, input: unknown) {
  const me = ensureCan(actor, "townhall:participate");
  const { value } = parseInput(voteSchema, input);
  // The town hall and the question in one read: a live town hall takes hundreds of votes a second.
  const [found] = await db()
    .select({ state: townhalls.state, status: townhallQuestions.status, authorId: townhallQuestions.authorId })
    .from(townhallQuestions)
    .innerJoin(townhalls, eq(townhalls.id, townhallQuestions.townhallId))
    .where(and(eq(townhallQuestions.id, questionId), eq(townhallQuestions.townhallId, townhallId)));
  if (!found) throw new NotFoundError("No such question.");
  if (found.state === "ended") throw new ConflictError("This town hall has ended.");
  if (!isPublicTownhallStatus(found.status)) throw new NotFoundError("No such question.");
  ensure(canVoteTownhallQuestion(me, found), "You can't vote on your own question.");
  await consume({ key: `townhall-vote:${me.id}`, max: 60, windowSeconds: 60 });
  // One statement: the vote row changes (or, already so, does not), and the count moves by
  // exactly that under the question's row lock, so concurrent votes serialise on the lock
  // and the cached count stays equal to the rows (the benchmark checks it after every run).
  const change =
    value === 1
      ? sql`insert into ${townhallVotes} (question_id, user_id, created_at) values (${questionId}, ${me.id}, ${clock().toISOString()}::timestamptz) on conflict do nothing returning 1`
      : sql`delete from ${townhallVotes} where question_id = ${questionId} and user_id = ${me.id} returning 1`;
  const sign = value === 1 ? 1 : -1;
  const votes = await transact(async (tx, events) => {
    const result = await tx.execute(sql`
      with changed as (${change})
      update ${townhallQuestions}
         set votes = votes + ${sign} * (select count(*) from changed)::int, votes_version = votes_version + 1
       where id = ${questionId}
      returning votes, votes_version as version`);
    const [row] = rowsOf<{ votes: number; version: number }>(result);
    const counted = { votes: Number(row.votes), version: Number(row.version) };
    events.record({ type: "townhall.votes_counted", townhallId, questionId, ...counted });
    return counted.votes;
  });
  return { votes, value };
}

export async function moderateTownhallQuestion(actor: Actor | null, townhallId: string, questionId: string, input: unknown) {
  const t = await loadTownhall(townhallId);
  const me = await requireRunner(actor, t);
  const data = parseInput(moderateSchema, input);
  const q = await loadQuestion(townhallId, questionId);
  const now = clock();
  const changes: Partial<TownhallQuestion> = {};
  let answering: string | null | undefined;
  let mergeTarget: TownhallQuestion | undefined;
  switch (data.action) {
    case "approve":
      changes.status = "approved";
      break;
    case "hide":
      changes.status = "hidden";
      if (t.answeringQuestionId === questionId) answering = null;
      break;
    case "answering":
      if (t.state !== "live") throw new ConflictError("Start the town hall first.");
      changes.status = "answering";
      answering = questionId;
      break;
    case "answered":
      if (!data.answer) throw new ValidationError({ answer: ["Write the answer, so it stays for everyone who missed it."] });
      Object.assign(changes, { status: "answered", answer: data.answer, answerHtml: renderMarkdown(data.answer), answeredById: me.id, answeredAt: now });
      if (t.answeringQuestionId === questionId) answering = null;
      break;
    case "merge": {
      if (!data.into || data.into === questionId) throw new ValidationError({ into: ["Pick the question this one duplicates."] });
      mergeTarget = await loadQuestion(townhallId, data.into);
      changes.status = "hidden";
      changes.mergedIntoId = data.into;
      break;
    }
  }
  return transact(async (tx, events) => {
    // The author's bell rings before the town hall's notices, as it always has.
    if (data.action === "answered") await notify(tx, events, [{ userId: q.authorId, kind: "townhall_answered", actorId: me.id, subject: townhallId }]);
    if (answering !== undefined) {
      // One question is answered at a time: the previous one goes back to the list.
      if (answering && t.answeringQuestionId && t.answeringQuestionId !== questionId) {
        await tx.update(townhallQuestions).set({ status: "approved" }).where(and(eq(townhallQuestions.id, t.answeringQuestionId), eq(townhallQuestions.status, "answering")));
      }
      await tx.update(townhalls).set({ answeringQuestionId: answering }).where(eq(townhalls.id, townhallId));
    }
    await tx.update(townhallQuestions).set(changes).where(eq(townhallQuestions.id, questionId));
    if (data.action === "merge" && data.into && mergeTarget) {
      // The duplicate's voters back the original (its author's own vote excepted).
      await tx.execute(
        sql`insert into townhall_votes (question_id, user_id, created_at) select ${data.into}, user_id, ${now.toISOString()}::timestamptz from townhall_votes where question_id = ${questionId} and user_id <> ${mergeTarget.authorId} on conflict do nothing`,
      );
      await tx
        .update(townhallQuestions)
        .set({ votes: sql`(select count(*) from ${townhallVotes} v where v.question_id = ${data.into})`, votesVersion: sql`${townhallQuestions.votesVersion} + 1` })
        .where(eq(townhallQuestions.id, data.into));
    }
    // Answered and no longer answered questions change what search holds.
    await enqueueSearch(tx, "questions", [`th_${questionId}`]);
    const view = presentQuestion(await loadQuestion(townhallId, questionId, tx), false, true);
    // A question leaving public view is announced publicly (so lists drop it), without its text.
    if (data.action === "hide" || data.action === "merge") events.record({ type: "townhall.question_removed", townhallId, questionId });
    events.record({ type: "townhall.question_changed", question: view, authorId: q.authorId });
    if (data.action === "merge" && data.into) {
      const target = await loadQuestion(townhallId, data.into, tx);
      events.record({ type: "townhall.votes_counted", townhallId, questionId: target.id, votes: target.votes, version: target.votesVersion });
    }
    if (answering !== undefined) recordStateChange(events, { ...t, answeringQuestionId: answering });
    return view;
  });
}

/** Attendees flag abuse; three flags send a question back to the hosts for review. */
export async function flagTownhallQuestion(actor: Actor | null, townhallId: string, questionId: string) {
  const me = ensureCan(actor, "townhall:participate");
  const q = await loadQuestion(townhallId, questionId);
  if (!isPublicTownhallStatus(q.status)) throw new NotFoundError("No such question.");
  await consume({ key: `townhall-flag:${me.id}`, max: 10, windowSeconds: 600 });
  await transact(async (tx, events) => {
    const [first] = await tx.insert(townhallFlags).values({ questionId, userId: me.id }).onConflictDoNothing().returning({ userId: townhallFlags.userId });
    // The forum's review queue holds town-hall flags too, beside flagged posts (a repeat flag adds nothing).
    if (first) {
      const post = await loadPost(tx, "townhall_question", questionId);
      if (post) await addFlagInTx(tx, events, me, post, "abusive", null);
    }
    const [row] = await tx
      .update(townhallQuestions)
      .set({ flags: sql`(select count(*) from ${townhallFlags} f where f.question_id = ${questionId})` })
      .where(eq(townhallQuestions.id, questionId))
      .returning();
    if (row.flags >= 3 && row.status === "approved") {
      await tx.update(townhallQuestions).set({ status: "pending" }).where(eq(townhallQuestions.id, questionId));
      events.record({ type: "townhall.question_removed", townhallId, questionId });
    }
  });
  return { flagged: true };
}

/** After the end, staff turn an unanswered question into a forum question by its author, linking back. */
export async function convertToForumQuestion(actor: Actor | null, townhallId: string, questionId: string, input: { category?: unknown }) {
  const t = await loadTownhall(townhallId);
  await requireRunner(actor, t);
  if (t.state !== "ended") throw new ConflictError("Convert questions once the town hall has ended.");
  const q = await loadQuestion(townhallId, questionId);
  if (q.forumQuestionId) throw new ConflictError("This question is in the forum already.");
  if (q.status === "answered" || q.status === "hidden") throw new ConflictError("Only unanswered, visible questions move to the forum.");
  const slug = typeof input.category === "string" ? input.category : "";
  const [category] = await db().select().from(categories).where(and(eq(categories.slug, slug), eq(categories.visibility, "public")));
  if (!category) throw new ValidationError({ category: ["Choose a public category."] });
  const [author] = await db().select().from(users).where(eq(users.id, q.authorId));
  const title = q.body.length <= 150 ? q.body : `${q.body.slice(0, 147)}...`;
  const { question } = await askQuestion(
    // Posted as its author, without their posting limits: staff moved it, the author did not post again.
    { ...toActor(author), reputation: Math.max(author.reputation, 500) },
    {
      title: title.length >= 15 ? title : `${title} (from the town hall)`,
      body: `${q.body}\n\n*Asked at the town hall [${t.title}](${townhallUrl(t.id)}); it was not answered there, so it continues here.*`,
      category: category.slug,
    },
  );
  await transact((tx) => tx.update(townhallQuestions).set({ forumQuestionId: question.id }).where(eq(townhallQuestions.id, questionId)));
  return { questionId: question.id, url: question.url };
}

export async function postChat(actor: Actor | null, townhallId: string, input: unknown) {
  const me = ensureCan(actor, "townhall:participate");
  const { body } = parseInput(chatSchema, input);
  const t = await loadTownhall(townhallId);
  const runner = canRunTownhall(me, await hostingOf(me, t));
  if (t.state !== "live") throw new ConflictError("The chat opens when the town hall is live.");
  ensure(canChat(me, t, runner), "The hosts have turned the chat off.");
  await consume({ key: `townhall-chat:${me.id}`, max: 10, windowSeconds: 30 });
  return transact(async (tx, events) => {
    const [row] = await tx.insert(townhallChat).values({ id: newId(), townhallId, authorId: me.id, body }).returning();
    const message = { id: row.id, townhallId, body: row.body, author: { username: me.username, role: me.role }, createdAt: row.createdAt.toISOString() };
    events.record({ type: "townhall.chat_posted", townhallId, message });
    return message;
  });
}

export async function listChat(townhallId: string, limit = 50) {
  const rows = await db()
    .select({ c: townhallChat, author: users.username, role: users.role })
    .from(townhallChat)
    .innerJoin(users, eq(users.id, townhallChat.authorId))
    .where(and(eq(townhallChat.townhallId, townhallId), eq(townhallChat.hidden, false)))
    .orderBy(desc(townhallChat.createdAt))
    .limit(limit);
  return rows.reverse().map((r) => ({ id: r.c.id, townhallId, body: r.c.body, author: { username: r.author, role: r.role }, createdAt: r.c.createdAt.toISOString() }));
}

