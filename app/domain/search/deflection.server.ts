import { gte, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { deflectionEvents, deflectionKinds } from "#db/schema";
import { ensureCan, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";

export const deflectionSchema = z.object({
  draftId: z.string().regex(/^[a-z0-9]{8,40}$/, "draftId is 8-40 lower-case letters and digits."),
  kind: z.enum(deflectionKinds, { errorMap: () => ({ message: `kind is one of ${deflectionKinds.join(", ")}.` }) }),
  questionId: z.string().max(40).optional(),
  suggestionCount: z.coerce.number().int().min(0).max(20).optional(),
});

/** Records one step of a draft's life on the ask form (anonymous drafts count too). */
export async function recordDeflection(actor: Actor | null, input: unknown) {
  const e = parseInput(deflectionSchema, input);
  await transact((tx) =>
    tx.insert(deflectionEvents).values({ draftId: e.draftId, kind: e.kind, userId: actor?.id ?? null, questionId: e.questionId ?? null, suggestionCount: e.suggestionCount ?? null }),
  );
}

/** Staff figures: how many drafts saw suggestions, opened one, were solved by one, were posted or abandoned. */
export async function deflectionStats(actor: Actor | null, input: unknown) {
  ensureCan(actor, "search:read-figures");
  const { days } = parseInput(z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }), input);
  const rows = await db()
    .select({ kind: deflectionEvents.kind, drafts: sql<number>`count(distinct ${deflectionEvents.draftId})`.mapWith(Number) })
    .from(deflectionEvents)
    .where(gte(deflectionEvents.createdAt, sql`now() - make_interval(days => ${days})`))
    .groupBy(deflectionEvents.kind);
  const counts = Object.fromEntries(deflectionKinds.map((k) => [k, 0])) as Record<(typeof deflectionKinds)[number], number>;
  for (const r of rows) counts[r.kind] = r.drafts;
  return { days, drafts: counts, deflectionRate: counts.shown ? counts.solved / counts.shown : null };
}
