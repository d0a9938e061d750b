import { and, count, desc, eq, lt, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { userBadges, users } from "#db/schema";
import { publicUser } from "~/domain/accounts/present";
import { NotFoundError } from "~/domain/errors";
import { badgeBySlug, badges } from "./definitions";
import { storableDate } from "~/domain/validate";

function present(b: (typeof badges)[number]) {
  return { slug: b.slug, name: b.name, tier: b.tier, description: b.description, url: `/badges/${b.slug}` };
}

let cache: { at: number; value: Promise<Map<string, number>> } | undefined;

/** How many members hold each badge. Counting walks the awards, so a node reuses it for 30 s. */
function awardedCounts() {
  if (!cache || Date.now() - cache.at > 30_000) {
    const value = db()
      .select({ slug: userBadges.slug, n: count() })
      .from(userBadges)
      .groupBy(userBadges.slug)
      .then((rows) => new Map(rows.map((r) => [r.slug, r.n])));
    cache = { at: Date.now(), value };
    value.catch(() => (cache = undefined));
  }
  return cache.value;
}

export async function listBadges() {
  const counts = await awardedCounts();
  return { badges: badges.map((b) => ({ ...present(b), awardedCount: counts.get(b.slug) ?? 0 })) };
}

/** One badge and who holds it, most recent first. */
export async function getBadge(slug: string, input: { before?: string } = {}) {
  const badge = badgeBySlug(slug);
  if (!badge) throw new NotFoundError("No such badge.");
  const before = input.before ? storableDate(input.before) : null;
  const rows = await db()
    .select({ user: users, awardedAt: userBadges.awardedAt })
    .from(userBadges)
    .innerJoin(users, eq(users.id, userBadges.userId))
    .where(and(eq(userBadges.slug, slug), before ? lt(userBadges.awardedAt, before) : undefined))
    .orderBy(sql`${userBadges.awardedAt} desc nulls last`)
    .limit(51);
  const [total] = await db().select({ n: count() }).from(userBadges).where(eq(userBadges.slug, slug));
  const page = rows.slice(0, 50);
  return {
    badge: { ...present(badge), awardedCount: total?.n ?? 0 },
    holders: page.map((r) => ({ user: publicUser(r.user), awardedAt: r.awardedAt.toISOString() })),
    nextBefore: rows.length > 50 ? page[page.length - 1].awardedAt.toISOString() : null,
  };
}

/** A member's badges, newest first. */
export async function badgesOf(userId: string) {
  const rows = await db().select().from(userBadges).where(eq(userBadges.userId, userId)).orderBy(desc(userBadges.awardedAt));
  return rows.flatMap((r) => {
    const b = badgeBySlug(r.slug);
    return b ? [{ ...present(b), awardedAt: r.awardedAt.toISOString() }] : [];
  });
}

