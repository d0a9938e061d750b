/**
 * Taking a conversation private: the public question says it moved, and the
 * asker and staff carry on in a thread nobody else can read (page, API,
 * search and sockets: the thread is never indexed or broadcast).
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { caseEvents, privateMessages, questions, supportCases, users } from "#db/schema";
import { isStaff, requireActor, requirePermission, type Actor } from "~/auth/permissions";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/domain/errors";
import { announce, createNotifications } from "~/domain/notifications/notify.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { parseInput } from "~/domain/validate";
import { publish } from "~/realtime/publish.server";
import { escalateInTx, recordResponseInTx } from "./cases.server";
import { transact } from "~/domain/events/transact.server";

const messageSchema = z.object({ body: z.string().trim().min(2, "Write a message.").max(30_000) });

async function participants(questionId: string) {
  const [row] = await db()
    .select({ customerId: questions.authorId, isPrivate: supportCases.isPrivate, assigneeId: supportCases.assigneeId })
    .from(questions)
    .innerJoin(supportCases, eq(supportCases.questionId, questions.id))
    .where(eq(questions.id, questionId));
  if (!row) throw new NotFoundError("No such question.");
  return row;
}

export async function moveToPrivate(actor: Actor | null, questionId: string) {
  const me = requirePermission(actor, "staff:view");
  await requireReadableQuestion(me, questionId);
  await db().transaction(async (tx) => {
    const [c] = await tx.select().from(supportCases).where(eq(supportCases.questionId, questionId)).for("update");
    if (!c) throw new NotFoundError("No such question.");
    if (c.isPrivate) throw new ConflictError("This conversation is private already.");
    if (c.state === "routing") await escalateInTx(tx, questionId, "staff", me.id);
    await tx.update(supportCases).set({ isPrivate: true, updatedAt: new Date() }).where(eq(supportCases.questionId, questionId));
    await tx.insert(caseEvents).values({ id: newId(), questionId, customerId: c.customerId, kind: "moved_private", actorId: me.id, data: {} });
  });
  publish.questionUpdated(questionId);
  publish.queueChanged(questionId);
}

/** The asker or staff write in the private thread; staff replies stop the SLA clock like a public one. */
export async function postPrivateMessage(actor: Actor | null, questionId: string, input: unknown) {
  const me = requireActor(actor);
  const { body } = parseInput(messageSchema, input);
  const p = await participants(questionId);
  if (me.id !== p.customerId && !isStaff(me)) throw new ForbiddenError("This conversation is between the asker and staff.");
  if (!p.isPrivate) throw new ConflictError("This conversation is not private: answer in public instead.");
  const at = new Date();
  const created = await transact(async (tx, events) => {
    await tx.insert(privateMessages).values({ id: newId(), questionId, authorId: me.id, body, html: renderMarkdown(body), createdAt: at });
    await tx.update(questions).set({ lastActivityAt: at }).where(eq(questions.id, questionId));
    await recordResponseInTx(tx, events, questionId, me, at);
    const to = me.id === p.customerId ? (p.assigneeId ? [p.assigneeId] : []) : [p.customerId];
    return createNotifications(tx, to.map((userId) => ({ userId, kind: "private_reply" as const, actorId: me.id, questionId })));
  });
  announce(created);
  publish.privateMessage(questionId, p.customerId);
  return listPrivateMessages(me, questionId);
}

export async function listPrivateMessages(actor: Actor | null, questionId: string) {
  const me = requireActor(actor);
  const p = await participants(questionId);
  if (me.id !== p.customerId && !isStaff(me)) throw new ForbiddenError("This conversation is between the asker and staff.");
  const rows = await db()
    .select({ m: privateMessages, author: users.username, role: users.role })
    .from(privateMessages)
    .innerJoin(users, eq(users.id, privateMessages.authorId))
    .where(eq(privateMessages.questionId, questionId))
    .orderBy(asc(privateMessages.createdAt));
  return rows.map((r) => ({ id: r.m.id, body: r.m.body, html: r.m.html, author: { username: r.author, role: r.role }, createdAt: r.m.createdAt.toISOString() }));
}
