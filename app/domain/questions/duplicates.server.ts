import { eq } from "drizzle-orm";
import { z } from "zod";
import { questions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { ensureCan, type Actor } from "~/auth/policies";
import { ConflictError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { getQuestion } from "./get.server";
import { lockQuestion, requireReadableQuestion } from "./queries.server";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";

// Accepts an id or a pasted link to the question page.
const duplicateSchema = z.object({
  of: z
    .string({ required_error: "Which question is the original?" })
    .trim()
    .min(1, "Which question is the original?")
    .max(300)
    .transform((v) => v.match(/\/q\/([0-9a-z]+)/)?.[1] ?? v),
});

/** Closes a question as a duplicate of another: it then points there and takes no new answers. */
export async function closeAsDuplicate(actor: Actor | null, id: string, input: unknown) {
  const me = ensureCan(actor, "question:close-duplicate");
  const { of } = parseInput(duplicateSchema, input);
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, id);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    let [original] = await tx.select({ id: questions.id, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, duplicateOfId: questions.duplicateOfId }).from(questions).where(eq(questions.id, of));
    // Point at the end of a chain, never at another duplicate.
    if (original?.duplicateOfId) [original] = await tx.select({ id: questions.id, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, duplicateOfId: questions.duplicateOfId }).from(questions).where(eq(questions.id, original.duplicateOfId));
    if (!original || original.deletedAt || original.hiddenAt) throw new ValidationError({ of: ["No such question to point to."] });
    if (original.id === id) throw new ValidationError({ of: ["A question can't duplicate itself."] });
    if (q.duplicateOfId) throw new ConflictError("Already closed as a duplicate.");
    // Readers of the duplicate must be able to follow the pointer: a public question never points into a private category.
    const [from, to] = await Promise.all([requireReadableQuestion(me, id, tx), requireReadableQuestion(me, original.id, tx)]).catch(() => {
      throw new ValidationError({ of: ["No such question to point to."] });
    });
    if (to.visibility !== "public" && to.visibility !== from.visibility) throw new ValidationError({ of: ["That question is in a private category; pick a public one."] });
    await tx.update(questions).set({ duplicateOfId: original.id, closedById: me.id, closedAt: clock(), status: "closed" }).where(eq(questions.id, id));
    await recordAudit(tx, me, { action: "question.closed_duplicate", target: { type: "question", id, label: q.title }, data: { duplicateOf: original.id } });
    await enqueueSearch(tx, "questions", [id]);
    events.record({ type: "question.closed", questionId: id, duplicateOfId: original.id });
  });
  return getQuestion(me, id);
}

export async function reopen(actor: Actor | null, id: string) {
  const me = ensureCan(actor, "question:close-duplicate");
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, id);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    if (!q.duplicateOfId) throw new ConflictError("This question is not closed.");
    await tx
      .update(questions)
      .set({ duplicateOfId: null, closedById: null, closedAt: null, status: q.acceptedAnswerId ? "solved" : "open" })
      .where(eq(questions.id, id));
    await recordAudit(tx, me, { action: "question.reopened", target: { type: "question", id, label: q.title } });
    await enqueueSearch(tx, "questions", [id]);
    events.record({ type: "question.reopened", questionId: id });
  });
  return getQuestion(me, id);
}
