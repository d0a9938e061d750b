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
    });
    await tx.insert(revisions).values({ id: newId(), targetType: "question", targetId: id, number: 1, editorId: me.id, title: data.title, body: data.body, tags: data.tags, createdAt: now });
    await enqueueSearch(tx, "questions", [id]);
    // Mentions ring before the advocates' routing pings, as they always have.
    await notify(tx, events, await mentionNotifications(tx, data.body, { actorId: me.id, questionId: id }, [], visibility));
    await openCaseInTx(tx, events, { id, categoryId, authorId: me.id, authorRole: me.role, createdAt: now, tags: data.tags }, data.urgent);
    events.record({ type: "question.asked", questionId: id, authorId: me.id, categorySlug, visibility });
  });
  return getQuestion(me, id);
}
