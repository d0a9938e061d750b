/**
 * Reputation a member earned on a forum this one replaced, carried across as
 * ledger events with their original dates: profiles show that history, the
 * leaderboards' weekly and monthly buckets hold it where it was earned, and
 * the badge job and the advocate programme judge it like any other points.
 * An import is a fact about the past, so none of its dates may lie ahead.
 */
import { and, count, eq, like } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { reputationEvents } from "#db/schema";
import { nowMs } from "~/clock";
import { canImportReputation, ensure, ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { findUserByUsername } from "~/domain/accounts/users.server";
import { ConflictError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { moment, parseInput } from "~/domain/validate";
import { record, type Award } from "./ledger.server";
import { POINTS } from "./rules";

/** What an earlier forum's history may carry: what our rules pay for, at our rates. */
const importedKinds = { answer_upvoted: POINTS.answerUpvoted, question_upvoted: POINTS.questionUpvoted, answer_accepted: POINTS.answerAccepted } as const;

const importSchema = z.object({
  username: z.string().trim().min(1, "Whose reputation?").max(64),
  // Names the forum it came from, in every event's source key (import:<source>:...).
  source: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "A short name in lower case, e.g. old-forum."),
  awards: z
    .array(z.object({ kind: z.enum(["answer_upvoted", "question_upvoted", "answer_accepted"]), at: moment("When was it earned?") }))
    .min(1, "Nothing to import.")
    .max(10_000, "At most 10,000 events at a time."),
});

/** Imports one member's history from `source`, once: a second import from the same source is refused. */
export async function importReputation(actor: Actor | null, input: unknown) {
  const me = ensureActive(actor);
  ensure(canImportReputation(me), "Only admins import reputation.");
  const data = parseInput(importSchema, input);
  const member = await findUserByUsername(data.username);
  if (!member) throw new ValidationError({ username: ["No member has that username."] });
  const ahead = data.awards.findIndex((a) => a.at.getTime() > nowMs());
  if (ahead !== -1) throw new ValidationError({ [`awards.${ahead}.at`]: ["Imported reputation was earned in the past."] });
  const prefix = `import:${data.source}:${member.id}:`;
  const [{ n }] = await db()
    .select({ n: count() })
    .from(reputationEvents)
    .where(and(eq(reputationEvents.userId, member.id), like(reputationEvents.sourceKey, `${prefix}%`)));
  if (n > 0) throw new ConflictError(`${member.username}'s reputation from ${data.source} is imported already.`);
  const awards: Award[] = data.awards.map((a, i) => ({ userId: member.id, kind: a.kind, points: importedKinds[a.kind], sourceKey: `${prefix}${i}`, at: a.at }));
  const written = await transact((tx, events) => record(tx, events, awards));
  return { username: member.username, events: written.length, points: written.reduce((sum, e) => sum + e.points, 0) };
}
