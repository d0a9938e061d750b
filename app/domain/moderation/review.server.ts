/**
 * The review queue: every post waiting for a moderator, whatever sent it
 * there (flags, a spam rule, its author's edit while hidden), oldest first.
 * A decision resolves the item for everyone at once (a second decision on the
 * same item is a 409) and tells the flaggers how it ended.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db, type Tx } from "#db/client.server";
import { answers, categories, flags, questions, reviewItems, users, type ModeratedType, type ReviewItem } from "#db/schema";
import { canReview, ensure, ensureCan, ensureCanRead, type Actor } from "~/auth/policies";
import { recordAudit } from "~/domain/audit/record.server";
import { ConflictError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact, type EventLog } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { decodeCursor, encodeCursor } from "~/domain/questions/cursor";
import { parseInput } from "~/domain/validate";
import { toActor } from "~/domain/accounts/present";
import { publishQuestionInTx } from "~/domain/questions/ask.server";
import { publishAnswerInTx, removeAnswerInTx } from "~/domain/answers/answers.server";
import { removeQuestionInTx } from "~/domain/questions/edit.server";
import { recountAnswers } from "~/domain/questions/queries.server";
import { moderateTownhallQuestion } from "~/domain/townhalls/questions.server";
import { now as clock } from "~/clock";
import { everPublished } from "./items.server";
import { queueSchema, resolveSchema, type ReviewAction } from "./schemas";
import { rememberSpam } from "./spam-rules.server";
import { hideForumPost, loadPost, loadPosts, restoreForumPost, setChatHidden, type ModeratedPost } from "./targets.server";

export const REVIEW_PAGE = 30;

const itemColumns = {
  id: reviewItems.id,
  targetType: reviewItems.targetType,
  targetId: reviewItems.targetId,
  authorId: reviewItems.authorId,
  source: reviewItems.source,
  rule: reviewItems.rule,
  status: reviewItems.status,
  weight: reviewItems.weight,
  createdAt: reviewItems.createdAt,
  // PostgreSQL's own text for the time keeps its microseconds in the cursor.
  createdText: sql<string>`${reviewItems.createdAt}::text`,
};

interface FlagSummary {
  reasons: { reason: string; count: number }[];
  notes: { username: string; note: string }[];
  flagCount: number;
}

async function flagSummaries(itemIds: string[]) {
  const out = new Map<string, FlagSummary>();
  if (!itemIds.length) return out;
  const rows = await db()
    .select({ itemId: flags.reviewItemId, reason: flags.reason, note: flags.note, username: users.username })
    .from(flags)
    .innerJoin(users, eq(users.id, flags.userId))
    .where(inArray(flags.reviewItemId, itemIds))
    .orderBy(asc(flags.createdAt));
  for (const r of rows) {
    const s = out.get(r.itemId) ?? { reasons: [], notes: [], flagCount: 0 };
    s.flagCount += 1;
    const reason = s.reasons.find((x) => x.reason === r.reason);
    if (reason) reason.count += 1;
    else s.reasons.push({ reason: r.reason, count: 1 });
    if (r.note) s.notes.push({ username: r.username, note: r.note });
    out.set(r.itemId, s);
  }
  return out;
}

async function postsFor(items: Pick<ReviewItem, "targetType" | "targetId">[]) {
  const byType = new Map<ModeratedType, string[]>();
  for (const i of items) byType.set(i.targetType, [...(byType.get(i.targetType) ?? []), i.targetId]);
  const loaded = await Promise.all([...byType].map(([type, ids]) => loadPosts(db(), type, ids)));
  return new Map(loaded.flat().map((p) => [`${p.type}:${p.id}`, p]));
}

function excerpt(text: string, max = 280) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max).replace(/\s+\S*$/, "")}…` : flat;
}

/** The queue, oldest first, a page at a time (keyset: the same cost at item 10,000 as at item 1). */
export async function reviewQueue(actor: Actor | null, input: unknown = {}) {
  ensureCanRead(actor, "review:work", "Only staff work the review queue.");
  const { cursor } = parseInput(queueSchema, input);
  const where = [eq(reviewItems.status, "pending")];
  if (cursor) {
    const after = decodeCursor(cursor);
    if (!after) throw new ValidationError({ cursor: ["This page link is broken: start from the first page."] });
    // A row comparison: PostgreSQL reads it as one range of the (created_at, id) index.
    where.push(sql`(${reviewItems.createdAt}, ${reviewItems.id}) > (${after.at}::timestamptz, ${after.id})`);
  }
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select(itemColumns)
      .from(reviewItems)
      .where(and(...where))
      .orderBy(asc(reviewItems.createdAt), asc(reviewItems.id))
      .limit(REVIEW_PAGE + 1),
    db().select({ total: sql<number>`count(*)::int` }).from(reviewItems).where(eq(reviewItems.status, "pending")),
  ]);
  const page = rows.slice(0, REVIEW_PAGE);
  const [posts, summaries] = await Promise.all([postsFor(page), flagSummaries(page.map((i) => i.id))]);
  const last = page[page.length - 1];
  return {
    items: page.map((i) => {
      const post = posts.get(`${i.targetType}:${i.targetId}`);
      const summary = summaries.get(i.id) ?? { reasons: [], notes: [], flagCount: 0 };
      return {
        id: i.id,
        target: { type: i.targetType, id: i.targetId },
        reasons: summary.reasons.map((r) => r.reason),
        reasonCounts: summary.reasons,
        notes: summary.notes,
        flagCount: summary.flagCount,
        weight: i.weight,
        source: i.source,
        rule: i.rule,
        status: i.status,
        createdAt: i.createdAt.toISOString(),
        post: post
          ? { title: post.title, excerpt: excerpt(post.body), url: post.url, hidden: post.hidden, deleted: post.deleted, author: post.author, createdAt: post.createdAt.toISOString() }
          : null,
      };
    }),
    total,
    nextCursor: rows.length > REVIEW_PAGE && last ? encodeCursor(last.createdText, last.id) : null,
  };
}
export type ReviewQueue = Awaited<ReturnType<typeof reviewQueue>>;

const outcome: Record<ReviewAction, "kept" | "hidden" | "deleted"> = { keep: "kept", hide: "hidden", delete: "deleted" };

/** A held post kept: it goes out now, as if just posted (feed, webhooks, the asker's bell, the SLA clock). */
async function publishHeld(tx: Tx, events: EventLog, post: ModeratedPost) {
  const [author] = await tx.select().from(users).where(eq(users.id, post.authorId));
  if (post.type === "question") {
    const [q] = await tx
      .select({ q: questions, slug: categories.slug, visibility: categories.visibility })
      .from(questions)
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(eq(questions.id, post.id));
    await publishQuestionInTx(tx, events, { id: q.q.id, categoryId: q.q.categoryId, categorySlug: q.slug, visibility: q.visibility, authorId: author.id, authorRole: author.role, body: q.q.body, tags: q.q.tags, createdAt: q.q.createdAt });
    return;
  }
  if (post.type === "answer") {
    const [a] = await tx
      .select({ a: answers, q: questions, visibility: categories.visibility })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(eq(answers.id, post.id));
    // The count is recomputed by the restore; publishing adds the rest of an arrival.
    await publishAnswerInTx(tx, events, { ...a.q, answerCount: Math.max(a.q.answerCount - 1, 0) }, { id: a.a.id, authorId: a.a.authorId, body: a.a.body, createdAt: a.a.createdAt }, toActor(author), a.visibility);
    await recountAnswers(tx, a.q.id);
  }
}

/** Keep, hide or delete: the decision on one item, for every moderator at once. */
export async function resolveReview(actor: Actor | null, itemId: string, input: unknown) {
  const me = ensureCan(actor, "review:work", "Only staff work the review queue.");
  const { action } = parseInput(resolveSchema, input);
  const [found] = await db().select().from(reviewItems).where(eq(reviewItems.id, itemId));
  if (!found) throw new NotFoundError("No such review item.");
  ensure(canReview(me));
  if (found.status !== "pending") throw new ConflictError(`Already resolved: ${found.status}.`);
  // A town-hall question is moderated by the town hall's own command (its room hears it); the item records the decision.
  if (found.targetType === "townhall_question") {
    const post = await loadPost(db(), found.targetType, found.targetId);
    if (post?.townhallId) await moderateTownhallQuestion(me, post.townhallId, post.id, { action: action === "keep" ? "approve" : "hide" });
  }
  return transact(async (tx, events) => {
    const [item] = await tx.select().from(reviewItems).where(eq(reviewItems.id, itemId)).for("update");
    if (item.status !== "pending") throw new ConflictError(`Already resolved: ${item.status}.`);
    const post = await loadPost(tx, item.targetType, item.targetId);
    if (!post) throw new NotFoundError("The post is gone.");
    const [reasonsRow] = await tx
      .select({ reasons: sql<string[]>`coalesce(array_agg(distinct ${flags.reason}), '{}')`, flaggers: sql<string[]>`coalesce(array_agg(distinct ${flags.userId}), '{}')` })
      .from(flags)
      .where(eq(flags.reviewItemId, item.id));
    const reasons = reasonsRow?.reasons ?? [];
    const forum = post.type === "question" || post.type === "answer";
    if (action === "keep" && forum && !post.deleted) {
      const published = await everPublished(tx, post);
      if (post.hidden) await restoreForumPost(tx, events, post);
      if (!published) await publishHeld(tx, events, post);
    }
    if (action === "hide" && forum && !post.hidden && !post.deleted) await hideForumPost(tx, events, post);
    // A chat message has no delete of its own: hidden is gone for everyone.
    if (post.type === "chat_message") await setChatHidden(tx, events, post, action !== "keep");
    if (action === "delete" && forum && !post.deleted) {
      if (post.type === "question") {
        const [q] = await tx.select({ id: questions.id, acceptedAnswerId: questions.acceptedAnswerId }).from(questions).where(eq(questions.id, post.id));
        await removeQuestionInTx(tx, events, q);
      } else {
        const [q] = await tx.select({ acceptedAnswerId: questions.acceptedAnswerId }).from(questions).where(eq(questions.id, post.questionId!));
        await removeAnswerInTx(tx, events, me.id, { id: post.id, questionId: post.questionId!, acceptedAnswerId: q?.acceptedAnswerId ?? null });
      }
    }
    // Removed as spam (flagged so, or held by a rule): the same words or links are held next time.
    if (action === "delete" && (reasons.includes("spam") || item.source === "spam_rule")) await rememberSpam(tx, `${post.type === "question" ? `${post.title}\n\n` : ""}${post.body}`, item.id);
    const status = outcome[action];
    await tx.update(reviewItems).set({ status, resolvedAt: clock(), resolvedById: me.id }).where(eq(reviewItems.id, item.id));
    await recordAudit(tx, me, {
      action: `review.${status}`,
      target: { type: post.type, id: post.id, label: post.title },
      data: { source: item.source, ...(item.rule ? { rule: item.rule } : {}), ...(reasons.length ? { reasons } : {}), author: post.author.username },
    });
    // The flaggers hear how it ended (the bell links to the post, which they may no longer see if it went).
    await notify(
      tx,
      events,
      (reasonsRow?.flaggers ?? []).map((userId) => ({ userId, kind: "flag_resolved" as const, actorId: me.id, questionId: post.questionId, answerId: post.type === "answer" ? post.id : null, subject: status })),
    );
    events.record({ type: "review.changed", itemId: item.id });
    return { item: { id: item.id, status, target: { type: item.targetType, id: item.targetId } } };
  });
}
