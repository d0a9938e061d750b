import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { categories, questions, revisions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canSeeCategory, requirePermission, type Actor } from "~/auth/permissions";
import { queueBadgeCheck } from "~/domain/badges/queue.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ValidationError } from "~/domain/errors";
import { mentionNotifications, notify } from "~/domain/notifications/notify.server";
import { transact } from "~/domain/events/transact.server";
import { consumePostingAllowance } from "~/domain/rate-limit/posting.server";
import { parseInput } from "~/domain/validate";
import { publish } from "~/realtime/publish.server";
import { getQuestion } from "./get.server";
import { openCaseInTx } from "~/domain/escalation/cases.server";
import { askSchema } from "./schemas";

export async function askQuestion(actor: Actor | null, input: unknown) {
  const me = requirePermission(actor, "question:ask");
  const data = parseInput(askSchema, input);
  const [category] = await db().select().from(categories).where(eq(categories.slug, data.category));
  if (!category || !canSeeCategory(me, category.visibility)) throw new ValidationError({ category: ["Choose one of the categories."] });
  await consumePostingAllowance(me);

  const id = newId();
  const now = new Date();
  await transact(async (tx, events) => {
    await tx.insert(questions).values({
      id,
      authorId: me.id,
      categoryId: category.id,
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
    await queueBadgeCheck(tx, [me.id]);
    const mentions = await mentionNotifications(tx, data.body, { actorId: me.id, questionId: id }, [], category.visibility);
    await notify(tx, events, mentions);
    await openCaseInTx(tx, events, { id, categoryId: category.id, authorId: me.id, authorRole: me.role, createdAt: now, tags: data.tags }, data.urgent);
  });
  publish.questionCreated(id, category.slug, category.visibility);
  return getQuestion(me, id);
}
