import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "#db/client.server";
import { newId } from "#db/ids";
import { staffNotes, users } from "#db/schema";
import { ensureCan, type Actor } from "~/auth/policies";
import { ConflictError } from "~/domain/errors";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { transact } from "~/domain/events/transact.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { clientKeyReused, clientKeySchema, parseInput } from "~/domain/validate";

const noteSchema = z.object({ body: z.string().trim().min(1, "Write the note.").max(10_000, "Keep notes under 10,000 characters."), clientKey: clientKeySchema });

/** Internal notes: staff only, on every path (the permission is checked here, not in the page). */
export async function addNote(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureCan(actor, "case:note");
  const { body, clientKey } = parseInput(noteSchema, input);
  await requireReadableQuestion(me, questionId);
  const note = await transact(async (tx, events) => {
    const [row] = await tx
      .insert(staffNotes)
      .values({ id: newId(), questionId, authorId: me.id, body, html: renderMarkdown(body), clientKey })
      .onConflictDoNothing({ target: [staffNotes.authorId, staffNotes.clientKey] })
      .returning();
    if (!row) return firstWithKey(tx, me.id, clientKey ?? "", { questionId, body });
    // Only the staff room hears of it; the question's public room never does.
    events.record({ type: "case.noted", questionId });
    return row;
  });
  return presentNote({ ...note, author: me.username });
}

/** A key sent again: the note it first saved, as long as it was the same note. */
async function firstWithKey(tx: Tx, authorId: string, clientKey: string, sent: { questionId: string; body: string }) {
  const [first] = await tx.select().from(staffNotes).where(and(eq(staffNotes.authorId, authorId), eq(staffNotes.clientKey, clientKey)));
  if (!first || first.questionId !== sent.questionId || first.body !== sent.body) throw clientKeyReused("note");
  return first;
}

export async function listNotes(actor: Actor | null, questionId: string) {
  const me = ensureCan(actor, "case:note");
  // A question that does not exist has no notes to list: 404, not an empty list.
  await requireReadableQuestion(me, questionId);
  const rows = await db()
    .select({ note: staffNotes, author: users.username })
    .from(staffNotes)
    .innerJoin(users, eq(users.id, staffNotes.authorId))
    .where(eq(staffNotes.questionId, questionId))
    .orderBy(asc(staffNotes.createdAt));
  return rows.map((r) => presentNote({ ...r.note, author: r.author }));
}

function presentNote(n: { id: string; body: string; html: string; createdAt: Date; author: string }) {
  return { id: n.id, body: n.body, html: n.html, author: { username: n.author }, createdAt: n.createdAt.toISOString() };
}
