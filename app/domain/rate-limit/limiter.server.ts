import { eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rateLimits } from "#db/schema";
import { now as clock } from "~/clock";
import { RateLimitedError } from "~/domain/errors";

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

interface WindowState {
  count: number;
  retryAfterSeconds: number;
}

/**
 * Windows are counted on the forum's clock (~/clock), passed as a typed
 * parameter: in the server that is the wall clock; the seed, which pins the
 * clock to the moments of its history, is limited as a member acting then
 * would have been.
 */
function clockNow() {
  return sql`${clock().toISOString()}::timestamptz`;
}

/** Counters live in the database so that every app node sees the same ones. */
export async function read(limit: Limit): Promise<WindowState> {
  const now = clockNow();
  const rows = await db()
    .select({
      count: rateLimits.count,
      remaining: sql<number>`greatest(0, ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${limit.windowSeconds}) - ${now}))))::int`,
    })
    .from(rateLimits)
    .where(eq(rateLimits.key, limit.key));
  const row = rows[0];
  if (!row || row.remaining <= 0) return { count: 0, retryAfterSeconds: 0 };
  return { count: row.count, retryAfterSeconds: Math.max(1, row.remaining) };
}

/** Throws RateLimitedError when any of the limits is already used up. */
export async function assertWithinLimits(limits: Limit[]) {
  for (const limit of limits) {
    const state = await read(limit);
    if (state.count >= limit.max) throw new RateLimitedError(state.retryAfterSeconds);
  }
}

/** The upsert that counts one event in a fixed window, restarting the window once it has passed. */
function hit(limit: Limit, now = clockNow()) {
  const expired = sql`${rateLimits.windowStart} <= ${now} - make_interval(secs => ${limit.windowSeconds})`;
  return db()
    .insert(rateLimits)
    .values({ key: limit.key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
      },
    });
}

/** Counts one event against a limit. */
export async function recordHit(limit: Limit) {
  await hit(limit);
}

/**
 * Counts the event and refuses it once the window is full: for actions
 * limited on every try. One statement, so two requests at once cannot both
 * pass on the last free place; a refused try counts too, which changes
 * nothing, since the window restarts at a fixed time either way.
 */
export async function consume(limit: Limit) {
  const now = clockNow();
  const [row] = await hit(limit, now).returning({
    count: rateLimits.count,
    retryAfterSeconds: sql<number>`greatest(1, ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${limit.windowSeconds}) - ${now}))))::int`,
  });
  if (row.count > limit.max) throw new RateLimitedError(Number(row.retryAfterSeconds));
}

export async function resetLimit(key: string) {
  await db().delete(rateLimits).where(eq(rateLimits.key, key));
}
