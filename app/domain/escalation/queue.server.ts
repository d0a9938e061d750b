import { and, asc, count, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db } from "#db/client.server";
import { categories, questions, supportCases, users } from "#db/schema";
import { ensureCan, type Actor } from "~/auth/policies";
import { ValidationError } from "~/domain/errors";
import { decodeCursor, encodeCursor } from "~/domain/questions/cursor";
import { questionUrl } from "~/domain/questions/urls";
import { parseInput } from "~/domain/validate";
import { breachDeadline, isBreached } from "./case-view";

const openStates = ["escalated", "assigned", "waiting_on_customer"] as const;

export const queueSchema = z.object({
  filter: z.enum(["all", "mine", "unassigned"]).default("all"),
  category: z.string().trim().max(64).optional().transform((v) => v || undefined),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const customer = alias(users, "customer");

// The page walks an index and stops; the counts read every open case, so a
// node reuses them for a few seconds (the list itself is always fresh).
const countCache = new Map<string, { at: number; value: Promise<{ open: number; breached: number }> }>();
const COUNT_TTL_MS = 3_000;

/** `isBreached` (case-view.ts) in SQL, so the header counts with the same rule as the rows; the queue test holds the two to one answer. */
function breachedSql(now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`(${supportCases.state} <> 'solved' and (case
    when ${supportCases.clockStoppedAt} is null then ${supportCases.breachedAt} is not null or ${supportCases.firstResponseDueAt} < ${at}
    when ${supportCases.state} = 'waiting_on_customer' then false
    else ${supportCases.slaDueAt} < ${at} end))`;
}

function countsFor(key: string, scope: ReturnType<typeof and>, now: Date) {
  const hit = countCache.get(key);
  if (hit && Date.now() - hit.at < COUNT_TTL_MS) return hit.value;
  const value = db()
    .select({
      open: count(),
      breached: sql<number>`count(*) filter (where ${breachedSql(now)})`.mapWith(Number),
    })
    .from(supportCases)
    .innerJoin(categories, eq(categories.id, supportCases.categoryId))
    // Counted over the same rows the list shows: a deleted question's case is in neither.
    .innerJoin(questions, eq(questions.id, supportCases.questionId))
    .where(and(scope, isNull(questions.deletedAt), isNull(questions.hiddenAt)))
    .then(([row]) => ({ open: row?.open ?? 0, breached: row?.breached ?? 0 }));
  value.catch(() => countCache.delete(key));
  if (countCache.size > 500) countCache.clear();
  countCache.set(key, { at: Date.now(), value });
  return value;
}
const assignee = alias(users, "assignee");

/**
 * The staff queue: open escalations, the least time left first (breached ones
 * lead), filtered to mine, unassigned or one category. Walks the partial
 * index on the SLA due time, so the page costs the same with 10 or 10,000
 * open; the totals beside it are counted at most every few seconds per node.
 */
export async function getStaffQueue(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "case:read");
  const q = parseInput(queueSchema, input);
  let after: { at: string; id: string } | null = null;
  if (q.cursor) {
    after = decodeCursor(q.cursor);
    if (!after) throw new ValidationError({ cursor: ["This cursor is not valid."] });
  }
  const scope = and(
    inArray(supportCases.state, [...openStates]),
    q.filter === "mine" ? eq(supportCases.assigneeId, me.id) : q.filter === "unassigned" ? isNull(supportCases.assigneeId) : undefined,
    q.category ? eq(categories.slug, q.category) : undefined,
  );
  const rows = await db()
    .select({
      c: supportCases,
      dueText: sql<string>`${supportCases.slaDueAt}::text`,
      title: questions.title,
      customer: customer.username,
      assignee: assignee.username,
      category: { slug: categories.slug, name: categories.name },
    })
    .from(supportCases)
    .innerJoin(questions, eq(questions.id, supportCases.questionId))
    .innerJoin(categories, eq(categories.id, supportCases.categoryId))
    .innerJoin(customer, eq(customer.id, supportCases.customerId))
    .leftJoin(assignee, eq(assignee.id, supportCases.assigneeId))
    .where(
      and(
        scope,
        isNull(questions.deletedAt), isNull(questions.hiddenAt),
        after
          ? or(gt(supportCases.slaDueAt, sql`${after.at}::timestamptz`), and(eq(supportCases.slaDueAt, sql`${after.at}::timestamptz`), gt(supportCases.questionId, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(supportCases.slaDueAt), asc(supportCases.questionId))
    .limit(q.limit + 1);
  const now = new Date();
  const totals = await countsFor(`${q.filter}|${q.category ?? ""}|${q.filter === "mine" ? me.id : ""}`, scope, now);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      question: { id: r.c.questionId, title: r.title, url: questionUrl(r.c.questionId) },
      customer: { username: r.customer, timelineUrl: `/staff/customers/${encodeURIComponent(r.customer)}` },
      category: r.category,
      state: r.c.state,
      urgent: r.c.urgent,
      escalatedAt: r.c.escalatedAt?.toISOString() ?? null,
      escalationReason: r.c.escalationReason,
      slaDueAt: r.c.slaDueAt.toISOString(),
      clockStopped: r.c.clockStoppedAt !== null,
      breached: isBreached(r.c, now),
      breachDeadline: breachDeadline(r.c)?.toISOString() ?? null,
      assignee: r.assignee ? { username: r.assignee } : null,
    })),
    counts: totals,
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].dueText, page[page.length - 1].c.questionId) : null,
  };
}
