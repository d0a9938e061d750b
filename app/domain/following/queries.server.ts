/**
 * What members follow, for pages (the Following page, the buttons) and for
 * other features that build on it (the weekly digest: `followedScopes`).
 */
import { and, arrayOverlaps, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db, type Executor } from "#db/client.server";
import { categories, questions, watches, type WatchTarget } from "#db/schema";
import { canReadQuestion, canSeeCategory, ensureSignedIn, type Actor, type Viewer } from "~/auth/policies";
import { categoryUrl } from "~/domain/categories/categories.server";
import { questionUrl } from "~/domain/questions/urls";
import { parseInput, storableDate, wholeNumber } from "~/domain/validate";
import { tagUrl } from "./targets.server";

export interface FollowedScopes {
  questionIds: string[];
  categoryIds: string[];
  tags: string[];
}

/**
 * Everything a member follows, as ids: the questions, the categories and
 * the (normalised) tags. Raw rows: a caller showing content still filters it
 * by what the member may read (canReadQuestion / canSeeCategory), because a
 * category may have turned private since they followed it.
 */
export async function followedScopes(userId: string, tx: Executor = db()): Promise<FollowedScopes> {
  const rows = await tx.select({ type: watches.targetType, id: watches.targetId }).from(watches).where(eq(watches.userId, userId));
  const of = (t: WatchTarget) => rows.filter((r) => r.type === t).map((r) => r.id);
  return { questionIds: of("question"), categoryIds: of("category"), tags: of("tag") };
}

/** Whether the viewer follows this one thing (a button's state); signed out follows nothing. */
export async function isWatching(viewer: Viewer, type: WatchTarget, targetId: string): Promise<boolean> {
  if (!viewer) return false;
  const [row] = await db()
    .select({ n: sql<number>`1` })
    .from(watches)
    .where(and(eq(watches.userId, viewer.id), eq(watches.targetType, type), eq(watches.targetId, targetId)))
    .limit(1);
  return Boolean(row);
}

const listSchema = z.object({
  cursor: z
    .string()
    .max(100)
    .optional()
    .transform((v, ctx) => (v === undefined ? null : (storableDate(v) ?? (ctx.addIssue({ code: z.ZodIssueCode.custom, message: "cursor is a time from a nextCursor." }), z.NEVER)))),
  limit: wholeNumber("limit is 1 to 200.").pipe(z.number().min(1, "limit is 1 to 200.").max(200, "limit is 1 to 200.")).optional().default(100),
});

export interface WatchItem {
  type: WatchTarget;
  /** The question's id, the category's slug, the tag: what the watch URL takes. */
  id: string;
  title: string;
  url: string;
  createdAt: string;
  /** The stored target id (a category's id), for letting go of it. */
  targetId: string;
  /** False when the member can no longer read it (deleted, hidden, made private): shown so it can be unfollowed. */
  available: boolean;
}

const questionCategory = alias(categories, "question_category");

/** What the member follows, newest first (GET /me/watches). */
export async function listWatches(actor: Actor | null, input: { cursor?: unknown; limit?: unknown } = {}) {
  const me = ensureSignedIn(actor);
  const { cursor, limit } = parseInput(listSchema, input);
  const rows = await db()
    .select({
      type: watches.targetType,
      targetId: watches.targetId,
      createdAt: watches.createdAt,
      qTitle: questions.title,
      qAuthor: questions.authorId,
      qDeletedAt: questions.deletedAt,
      qHiddenAt: questions.hiddenAt,
      qVisibility: questionCategory.visibility,
      cSlug: categories.slug,
      cName: categories.name,
      cVisibility: categories.visibility,
    })
    .from(watches)
    .leftJoin(questions, and(eq(watches.targetType, "question"), eq(questions.id, watches.targetId)))
    .leftJoin(questionCategory, eq(questionCategory.id, questions.categoryId))
    .leftJoin(categories, and(eq(watches.targetType, "category"), eq(categories.id, watches.targetId)))
    .where(and(eq(watches.userId, me.id), cursor ? lt(watches.createdAt, cursor) : undefined))
    .orderBy(desc(watches.createdAt), desc(watches.targetId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items: WatchItem[] = [];
  for (const r of page) {
    const createdAt = r.createdAt.toISOString();
    if (r.type === "question") {
      const readable = r.qTitle !== null && r.qAuthor !== null && r.qVisibility !== null && canReadQuestion(me, { authorId: r.qAuthor, deletedAt: r.qDeletedAt, hiddenAt: r.qHiddenAt, visibility: r.qVisibility });
      items.push({ type: "question", id: r.targetId, targetId: r.targetId, title: readable ? r.qTitle! : "(a question no longer available)", url: questionUrl(r.targetId), createdAt, available: readable });
    } else if (r.type === "category") {
      const readable = r.cSlug !== null && r.cVisibility !== null && canSeeCategory(me, r.cVisibility);
      // A category the member may no longer see keeps its name private: only the row to remove remains.
      items.push({ type: "category", id: readable ? r.cSlug! : r.targetId, targetId: r.targetId, title: readable ? r.cName! : "(a category no longer available)", url: readable ? categoryUrl(r.cSlug!) : "/questions", createdAt, available: readable });
    } else {
      items.push({ type: "tag", id: r.targetId, targetId: r.targetId, title: `#${r.targetId}`, url: tagUrl(r.targetId), createdAt, available: true });
    }
  }
  return { watches: items, nextCursor: rows.length > limit ? page[page.length - 1].createdAt.toISOString() : null };
}

/** A filter on question rows for "in what they follow" (the digest's top questions): one condition, no join. */
export function inFollowedScopes(scopes: FollowedScopes) {
  const parts = [
    scopes.questionIds.length ? inArray(questions.id, scopes.questionIds) : undefined,
    scopes.categoryIds.length ? inArray(questions.categoryId, scopes.categoryIds) : undefined,
    scopes.tags.length ? arrayOverlaps(questions.tags, scopes.tags) : undefined,
  ].filter((p) => p !== undefined);
  return parts.length ? or(...parts) : sql`false`;
}
