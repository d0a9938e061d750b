/**
 * Taking a conversation private: the public question says it moved, and the
 * asker and staff carry on in a thread nobody else can read (page, API,
 * search and sockets: the thread is never indexed or broadcast).
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { privateMessages, questions, supportCases, users } from "#db/schema";
import { canPostPrivateMessage, canReadPrivateThread, canTakePrivate, ensure, ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { clientKeyReused, clientKeySchema, parseInput } from "~/domain/validate";
import { logCaseEvent } from "./case-log.server";
import { lockCase } from "./case-state.server";
import { escalateInTx, recordResponseInTx } from "./recorders.server";
import { now as clock } from "~/clock";

const messageSchema = z.object({ body: z.string().trim().min(2, "Write a message.").max(30_000), clientKey: clientKeySchema });
const betweenAskerAndStaff = "This conversation is between the asker and staff.";

/** The asker (the case's customer), whether the thread is private, and who holds the case. */
async function participants(questionId: string) {
  const [row] = await db()
    .select({ customerId: supportCases.customerId, isPrivate: supportCases.isPrivate, assigneeId: supportCases.assigneeId })
    .from(supportCases)
    .where(eq(supportCases.questionId, questionId));
  if (!row) throw new NotFoundError("No such question.");
  return row;
}

export async function moveToPrivate(actor: Actor | null, questionId: string) {
  const me = ensureActive(actor);
  ensure(canTakePrivate(me));
  await requireReadableQuestion(me, questionId);
  await transact(async (tx, events) => {
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (c.isPrivate) throw new ConflictError("This conversation is private already.");
    if (c.state === "routing") await escalateInTx(tx, events, questionId, "staff", me.id);
    await tx.update(supportCases).set({ isPrivate: true, updatedAt: clock() }).where(eq(supportCases.questionId, questionId));
    await logCaseEvent(tx, c, "moved_private", me.id, {});
    events.record({ type: "case.moved_private", questionId });
  });
}

/** The asker or staff write in the private thread; staff replies stop the SLA clock like a public one. */
export async function postPrivateMessage(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureActive(actor);
  const { body, clientKey } = parseInput(messageSchema, input);
  const p = await participants(questionId);
  ensure(canPostPrivateMessage(me, p), betweenAskerAndStaff);
  if (!p.isPrivate) throw new ConflictError("This conversation is not private: answer in public instead.");
  const at = clock();
  await transact(async (tx, events) => {
    const [row] = await tx
      .insert(privateMessages)
      .values({ id: newId(), questionId, authorId: me.id, body, html: renderMarkdown(body), clientKey, createdAt: at })
      .onConflictDoNothing({ target: [privateMessages.authorId, privateMessages.clientKey] })
      .returning({ id: privateMessages.id });
    if (!row) {
      // Sent again with the same key: the first message stands, and nobody is notified twice.
      const [first] = await tx.select().from(privateMessages).where(and(eq(privateMessages.authorId, me.id), eq(privateMessages.clientKey, clientKey ?? "")));
      if (!first || first.questionId !== questionId || first.body !== body) throw clientKeyReused("message");
      return;
    }
    await tx.update(questions).set({ lastActivityAt: at }).where(eq(questions.id, questionId));
    await recordResponseInTx(tx, events, questionId, me, at);
    const to = me.id === p.customerId ? (p.assigneeId ? [p.assigneeId] : []) : [p.customerId];
    await notify(tx, events, to.map((userId) => ({ userId, kind: "private_reply" as const, actorId: me.id, questionId })));
    events.record({ type: "case.private_message", questionId, customerId: p.customerId });
  });
  return listPrivateMessages(me, questionId);
}

export async function listPrivateMessages(actor: Actor | null, questionId: string) {
  const me = ensureSignedIn(actor);
  const p = await participants(questionId);
  ensure(canReadPrivateThread(me, p), betweenAskerAndStaff);
  const rows = await db()
    .select({ m: privateMessages, author: users.username, role: users.role })
    .from(privateMessages)
    .innerJoin(users, eq(users.id, privateMessages.authorId))
    .where(eq(privateMessages.questionId, questionId))
    .orderBy(asc(privateMessages.createdAt));
  return rows.map((r) => ({ id: r.m.id, body: r.m.body, html: r.m.html, author: { username: r.author, role: r.role }, createdAt: r.m.createdAt.toISOString() }));
}
