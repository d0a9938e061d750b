import { eq } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { categories, questions, type WatchTarget } from "#db/schema";
import { canReadQuestion, canSeeCategory, type Viewer } from "~/auth/policies";
import { categoryUrl } from "~/domain/categories/categories.server";
import { NotFoundError } from "~/domain/errors";
import { normaliseTag } from "~/domain/questions/schemas";
import { questionUrl } from "~/domain/questions/urls";

/** Something a member can follow, as the watches table stores it and as a page names it. */
export interface FollowTarget {
  type: WatchTarget;
  /** questions.id, categories.id, or the normalised tag. */
  targetId: string;
  /** How the URL names it: the question id, the category slug, the tag. */
  key: string;
  title: string;
  url: string;
}

export function tagUrl(tag: string) {
  return `/questions?tag=${encodeURIComponent(tag)}`;
}

const notFound: Record<WatchTarget, string> = {
  question: "No such question.",
  category: "No such category.",
  tag: "No such tag.",
};

/**
 * Finds what the viewer asks to follow. What they may not read (a private
 * category, a hidden or deleted question) is "not found", like a missing one,
 * so following never reveals that it exists.
 */
export async function resolveTarget(viewer: Viewer, type: WatchTarget, key: string, tx: Executor = db()): Promise<FollowTarget> {
  if (type === "question") {
    const [q] = await tx
      .select({ id: questions.id, title: questions.title, authorId: questions.authorId, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, visibility: categories.visibility })
      .from(questions)
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(eq(questions.id, key))
      .limit(1);
    if (!q || !canReadQuestion(viewer, q)) throw new NotFoundError(notFound.question);
    return { type, targetId: q.id, key: q.id, title: q.title, url: questionUrl(q.id) };
  }
  if (type === "category") {
    const [c] = await tx.select({ id: categories.id, slug: categories.slug, name: categories.name, visibility: categories.visibility }).from(categories).where(eq(categories.slug, key)).limit(1);
    if (!c || !canSeeCategory(viewer, c.visibility)) throw new NotFoundError(notFound.category);
    return { type, targetId: c.id, key: c.slug, title: c.name, url: categoryUrl(c.slug) };
  }
  // Any well-formed tag can be followed, even before its first question: that is when following it is most useful.
  const tag = normaliseTag(key);
  if (!tag || tag.length > 30) throw new NotFoundError(notFound.tag);
  return { type, targetId: tag, key: tag, title: `#${tag}`, url: tagUrl(tag) };
}
