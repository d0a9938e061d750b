import { newId } from "#db/ids";
import { questions, revisions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canAskIn, ensureCan, type Actor } from "~/auth/policies";
import { findCategoryBySlug } from "~/domain/categories/categories.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { mentionNotifications, notify } from "~/domain/notifications/notify.server";
import { consumePostingAllowance } from "~/domain/rate-limit/posting.server";
import { parseInput } from "~/domain/validate";
import { getQuestion } from "./get.server";
import { openCaseInTx } from "~/domain/escalation/cases.server";
import { askSchema } from "./schemas";
import { now as clock } from "~/clock";
import type { Tx } from "#db/client.server";
import type { EventLog } from "~/domain/events/transact.server";
import type { CategoryVisibility, Role } from "#db/schema";
import { holdForReview } from "~/domain/moderation/items.server";
import { spamRuleFor } from "~/domain/moderation/spam-rules.server";

export interface PublishedQuestion {
  id: string;
  categoryId: string;
  categorySlug: string;
  visibility: CategoryVisibility;
  authorId: string;
  authorRole: Role;
  body: string;
  tags: string[];
  createdAt: Date;
}

/**
 * What a question's arrival sets off: mentions ring, a support case opens (the
 * SLA clock), and the event goes out (feed, webhooks, badges). A question a
 * spam rule holds does none of this until staff keep it.
 */
export async function publishQuestionInTx(tx: Tx, events: EventLog, q: PublishedQuestion, urgent = false) {
  // Mentions ring before the advocates' routing pings, as they always have.
  await notify(tx, events, await mentionNotifications(tx, q.body, { actorId: q.authorId, questionId: q.id }, [], q.visibility));
  await openCaseInTx(tx, events, { id: q.id, categoryId: q.categoryId, authorId: q.authorId, authorRole: q.authorRole, createdAt: q.createdAt, tags: q.tags }, urgent);
  events.record({ type: "question.asked", questionId: q.id, authorId: q.authorId, categorySlug: q.categorySlug, visibility: q.visibility });
}

export async function askQuestion(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "question:ask");
  const data = parseInput(askSchema, input);
  const category = await findCategoryBySlug(data.category);
  // A category the asker may not read is answered as if it did not exist.
  if (!category || !canAskIn(me, category)) throw new ValidationError({ category: ["Choose one of the categories."] });
  const { id: categoryId, slug: categorySlug, visibility } = category;
  await consumePostingAllowance(me);

  const id = newId();
  const now = clock();
  await transact(async (tx, events) => {
    const rule = await spamRuleFor(tx, me, `${data.title}\n\n${data.body}`);
    await tx.insert(questions).values({
      id,
      authorId: me.id,
      categoryId,
      title: data.title,
      body: data.body,
      html: renderMarkdown(data.body),
      tags: data.tags,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
      hiddenAt: rule ? now : null,
    });
    await tx.insert(revisions).values({ id: newId(), targetType: "question", targetId: id, number: 1, editorId: me.id, title: data.title, body: data.body, tags: data.tags, createdAt: now });
    if (rule) {
      await holdForReview(tx, events, { type: "question", id, authorId: me.id }, rule);
      return;
    }
    await enqueueSearch(tx, "questions", [id]);
    await publishQuestionInTx(tx, events, { id, categoryId, categorySlug, visibility, authorId: me.id, authorRole: me.role, body: data.body, tags: data.tags, createdAt: now }, data.urgent);
  });
  return getQuestion(me, id);
}
