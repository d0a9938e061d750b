import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { categories, questions, savedReplies, users } from "#db/schema";
import { canApproveSavedReplies, canSeeUnapprovedReplies, canUseSavedReplies, canWriteSavedReplies, ensure, ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { answeredWithKey, getAnswer, postAnswerOnce } from "~/domain/answers/answers.server";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { clientKeyReused, clientKeySchema, parseInput } from "~/domain/validate";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";

const forStaffAndAdvocates = "Saved replies are for staff and advocates.";

export const placeholders = ["customer", "agent", "question", "category"] as const;

const replySchema = z.object({
  title: z.string().trim().min(3, "Give it a title of at least 3 characters.").max(120),
  body: z
    .string()
    .trim()
    .min(10, "Write at least 10 characters.")
    .max(10_000)
    .refine((b) => [...b.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].every((m) => (placeholders as readonly string[]).includes(m[1])), {
      message: `Placeholders are ${placeholders.map((p) => `{{${p}}}`).join(", ")}.`,
    }),
  clientKey: clientKeySchema,
});

/** Fills a template's placeholders for one question. */
export function fillTemplate(body: string, values: Record<(typeof placeholders)[number], string>) {
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
}

function present(r: typeof savedReplies.$inferSelect & { author: string; approver: string | null }) {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    approved: r.approvedAt !== null,
    approvedBy: r.approver,
    createdBy: r.author,
    useCount: r.useCount,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Staff see every template and whether it is approved; advocates see the approved ones. */
export async function listSavedReplies(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  ensure(canUseSavedReplies(me), forStaffAndAdvocates);
  const rows = await db()
    .select({
      r: savedReplies,
      author: sql<string>`(select username from users u where u.id = ${savedReplies.createdById})`,
      approver: sql<string | null>`(select username from users u where u.id = ${savedReplies.approvedById})`,
    })
    .from(savedReplies)
    .where(canSeeUnapprovedReplies(me) ? undefined : isNotNull(savedReplies.approvedAt))
    .orderBy(desc(savedReplies.useCount), savedReplies.title);
  return rows.map((x) => present({ ...x.r, author: x.author, approver: x.approver }));
}

export async function createSavedReply(actor: Actor | null, input: unknown) {
  const me = ensureActive(actor);
  ensure(canWriteSavedReplies(me));
  const data = parseInput(replySchema, input);
  const row = await transact(async (tx) => {
    const [inserted] = await tx
      .insert(savedReplies)
      .values({ id: newId(), ...data, createdById: me.id })
      .onConflictDoNothing({ target: [savedReplies.createdById, savedReplies.clientKey] })
      .returning();
    if (inserted) return inserted;
    const [first] = await tx.select().from(savedReplies).where(and(eq(savedReplies.createdById, me.id), eq(savedReplies.clientKey, data.clientKey ?? "")));
    if (!first || first.title !== data.title || first.body !== data.body) throw clientKeyReused("saved reply");
    return first;
  });
  return present({ ...row, author: me.username, approver: null });
}

/** An admin approves a template before anyone may use it; editing it again needs a new approval. */
export async function approveSavedReply(actor: Actor | null, id: string) {
  const me = ensureActive(actor);
  ensure(canApproveSavedReplies(me));
  const [existing] = await db().select({ approvedAt: savedReplies.approvedAt }).from(savedReplies).where(eq(savedReplies.id, id));
  if (!existing) throw new NotFoundError("No such saved reply.");
  if (existing.approvedAt) throw new ConflictError("This saved reply is approved already.");
  const [row] = await transact(async (tx) => {
    const approved = await tx.update(savedReplies).set({ approvedById: me.id, approvedAt: clock() }).where(eq(savedReplies.id, id)).returning();
    await recordAudit(tx, me, { action: "saved_reply.approved", target: { type: "saved_reply", id, label: approved[0].title } });
    return approved;
  });
  return present({ ...row, author: "", approver: me.username });
}

/**
 * Answers a question with an approved template, filled in for it. The answer
 * is the user's own, so an advocate who uses one earns its reputation.
 */
export async function useSavedReply(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureActive(actor);
  ensure(canUseSavedReplies(me), forStaffAndAdvocates);
  const { replyId, extra, clientKey } = parseInput(
    z.object({ replyId: z.string().min(1, "Choose a saved reply.").max(40), extra: z.string().trim().max(10_000).optional(), clientKey: clientKeySchema }),
    input,
  );
  await requireReadableQuestion(me, questionId);
  // Sent again: the answer it posted the first time, and the template counted once.
  const earlier = await answeredWithKey(me.id, clientKey, questionId);
  if (earlier) return getAnswer(me, earlier);
  const [reply] = await db().select().from(savedReplies).where(eq(savedReplies.id, replyId));
  if (!reply) throw new NotFoundError("No such saved reply.");
  if (!reply.approvedAt) throw new ConflictError("An admin has not approved this saved reply yet.");
  const [q] = await db()
    .select({ title: questions.title, customer: users.username, category: categories.name })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(eq(questions.id, questionId));
  const body = [fillTemplate(reply.body, { customer: q.customer, agent: me.username, question: q.title, category: q.category }), extra].filter(Boolean).join("\n\n");
  const { answer, created } = await postAnswerOnce(me, questionId, { body, clientKey });
  if (created) await transact((tx) => tx.update(savedReplies).set({ useCount: sql`${savedReplies.useCount} + 1` }).where(eq(savedReplies.id, replyId)));
  return answer;
}

// The pages still ask here; the rules themselves live in ~/auth/policies.
export { canUseSavedReplies };
export const canApproveReplies = canApproveSavedReplies;
