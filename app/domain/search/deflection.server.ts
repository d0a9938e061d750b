import { createHash } from "node:crypto";
import { and, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { deflectionEvents, deflectionKinds } from "#db/schema";
import { ensureCan, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { ValidationError } from "~/domain/errors";
import { consume } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { similarQuestions } from "./similar.server";
import { signSuggestions, verifySuggestions } from "./suggestion-tokens.server";

export const deflectionSchema = z.object({
  draftId: z.string().regex(/^[a-z0-9]{8,40}$/, "draftId is 8-40 lower-case letters and digits."),
  kind: z.enum(deflectionKinds, { errorMap: () => ({ message: `kind is one of ${deflectionKinds.join(", ")}.` }) }),
  questionId: z.string().max(40).optional(),
  suggestionCount: z.coerce.number().int().min(0).max(20).optional(),
});

const draftIdSchema = deflectionSchema.shape.draftId;

/**
 * Records one step of a draft's life that the server itself saw (the ask
 * form posting the question). Steps browsers report come through
 * `reportDeflection`, which checks their token.
 */
export async function recordDeflection(actor: Actor | null, input: unknown) {
  const e = parseInput(deflectionSchema, input);
  await transact((tx) =>
    tx
      .insert(deflectionEvents)
      .values({ draftId: e.draftId, kind: e.kind, userId: actor?.id ?? null, questionId: e.questionId ?? null, suggestionCount: e.suggestionCount ?? null })
      .onConflictDoNothing(),
  );
}

/**
 * Similar questions for a draft on the ask form, with the token its steps
 * must carry (`draft` names the draft; without one, there is no token).
 */
export async function suggestForDraft(actor: Actor | null, input: Record<string, unknown>) {
  const { draft, ...rest } = input;
  const result = await similarQuestions(actor, rest);
  if (draft === undefined || draft === "") return result;
  const draftId = parseInput(z.object({ draft: draftIdSchema }), { draft }).draft;
  return { ...result, suggestionToken: await signSuggestions(draftId, result.suggestions.map((s) => s.id)) };
}

const reportSchema = deflectionSchema.extend({
  kind: z.enum(["shown", "opened", "solved", "abandoned"], { errorMap: () => ({ message: "kind is one of shown, opened, solved, abandoned." }) }),
  token: z.string({ required_error: "The suggestions' token is missing." }).max(2000),
});

/** Who is reporting, counted once: the member, or a hash of the address and browser for a visitor. */
export function visitorKey(actor: Actor | null, meta: { ip: string; userAgent: string }) {
  return actor ? `u:${actor.id}` : `a:${createHash("sha256").update(`${meta.ip}|${meta.userAgent}`).digest("base64url").slice(0, 22)}`;
}

/**
 * A step a browser reports: counted only with the token its suggestions came
 * with, for a question that was among them, once per draft and kind, a
 * solution once per visitor and question a day, and at most 120 steps an
 * hour from one address.
 */
export async function reportDeflection(actor: Actor | null, input: unknown, meta: { ip: string; userAgent: string }) {
  const e = parseInput(reportSchema, input);
  await consume({ key: `deflection:${meta.ip}`, max: 120, windowSeconds: 3600 });
  const vouched = await verifySuggestions(e.token, e.draftId);
  if (!vouched) throw new ValidationError({ token: ["These suggestions were not shown to this draft (or the page is over a day old)."] });
  if ((e.kind === "opened" || e.kind === "solved") && (!e.questionId || !vouched.questionIds.includes(e.questionId))) {
    throw new ValidationError({ questionId: ["That question was not among this draft's suggestions."] });
  }
  const visitor = visitorKey(actor, meta);
  await transact(async (tx) => {
    if (e.kind === "solved") {
      const [again] = await tx
        .select({ id: deflectionEvents.id })
        .from(deflectionEvents)
        .where(and(eq(deflectionEvents.kind, "solved"), eq(deflectionEvents.questionId, e.questionId!), eq(deflectionEvents.visitorKey, visitor), gte(deflectionEvents.createdAt, sql`now() - interval '1 day'`)))
        .limit(1);
      if (again) return;
    }
    await tx
      .insert(deflectionEvents)
      .values({
        draftId: e.draftId,
        kind: e.kind,
        userId: actor?.id ?? null,
        visitorKey: visitor,
        questionId: e.questionId ?? null,
        // What was shown is what the token vouches for, not what the browser says.
        suggestionCount: e.kind === "shown" ? vouched.questionIds.length : null,
      })
      .onConflictDoNothing();
  });
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
