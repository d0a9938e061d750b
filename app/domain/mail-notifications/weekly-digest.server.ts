/**
 * The weekly digest: on Monday mornings, one message per member who follows a
 * category or a tag, naming the week's top questions there (most votes, then
 * most answers). Like the daily digest it is idempotent per member and week,
 * and it is rendered when sent, so a question hidden since, or a category made
 * private since, drops out, and a member who turned it off gets nothing.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/rows";
import { categories, questions, users, type CategoryVisibility } from "#db/schema";
import { canSeeCategory } from "~/auth/policies";
import { toActor } from "~/domain/accounts/present";
import type { MailContent } from "~/domain/mail/layout.server";
import { absoluteUrl, unsubscribeUrl } from "~/domain/mail/links.server";
import { queueMailOnce } from "~/domain/mail/queue.server";
import type { MailContext } from "~/domain/mail/templates.server";
import { questionUrl } from "~/domain/questions/urls";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Weekly digests go out on Mondays at 07:00 UTC, with the daily one. */
const SEND_HOUR_UTC = 7;
/** Questions named in one digest: a glance, not a feed. */
export const WEEKLY_TOP = 5;

export function nextWeeklyDigestAt(after: Date): Date {
  const day = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), SEND_HOUR_UTC));
  // getUTCDay: 0 is Sunday, 1 Monday.
  const toMonday = (8 - day.getUTCDay()) % 7;
  const at = new Date(day.getTime() + toMonday * DAY_MS);
  return at > after ? at : new Date(at.getTime() + WEEK_MS);
}

interface Candidate {
  user_id: string;
  email: string;
  role: "customer" | "advocate" | "staff" | "admin";
  question_id: string;
  visibility: CategoryVisibility;
}

/** Queues the weekly digests for the seven days before `now`; returns how many members get one. */
export async function sendWeeklyDigests(now: Date): Promise<number> {
  const week = now.toISOString().slice(0, 10);
  const since = new Date(now.getTime() - WEEK_MS);
  // One statement for every follower: each member's top questions in the categories and tags they follow, asked by
  // someone else. A few more than WEEKLY_TOP per member, since who may read a category is decided below, by the policy.
  const rows = rowsOf<Candidate>(
    await db().execute(sql`
      select u.id as user_id, u.email, u.role, top.id as question_id, top.visibility
      from users u
      cross join lateral (
        select q.id, c.visibility
        from ${questions} q join ${categories} c on c.id = q.category_id
        where q.created_at > ${since.toISOString()}::timestamptz and q.created_at <= ${now.toISOString()}::timestamptz
          and q.deleted_at is null and q.hidden_at is null and q.author_id <> u.id
          and (
            q.category_id in (select w.target_id from watches w where w.user_id = u.id and w.target_type = 'category')
            or q.tags && array(select w.target_id from watches w where w.user_id = u.id and w.target_type = 'tag')
          )
        order by q.score desc, q.answer_count desc, q.view_count desc, q.created_at desc
        limit ${WEEKLY_TOP * 2}
      ) top
      where u.weekly_digest and u.deleted_at is null and u.email_verified_at is not null
        and exists (select 1 from watches w where w.user_id = u.id and w.target_type in ('category', 'tag'))
    `),
  );
  const byMember = new Map<string, { email: string; ids: string[] }>();
  for (const r of rows) {
    const reader = toActor({ id: r.user_id, username: "", role: r.role, reputation: 0 });
    if (!canSeeCategory(reader, r.visibility)) continue;
    const m = byMember.get(r.user_id) ?? { email: r.email, ids: [] };
    if (m.ids.length < WEEKLY_TOP) m.ids.push(r.question_id);
    byMember.set(r.user_id, m);
  }
  if (!byMember.size) return 0;
  return queueMailOnce(
    "digest_weekly",
    { field: "week", value: week },
    [...byMember].map(([userId, m]) => ({ userId, to: m.email, template: "digest_weekly" as const, data: { week, questionIds: m.ids } })),
  );
}

export async function renderWeeklyDigest(data: Record<string, unknown>, ctx: MailContext): Promise<MailContent | null> {
  const ids = Array.isArray(data.questionIds) ? data.questionIds.filter((v): v is string => typeof v === "string") : [];
  if (!ids.length || !ctx.userId) return null;
  const [member] = await db().select().from(users).where(eq(users.id, ctx.userId));
  if (!member || !member.weeklyDigest || member.deletedAt) return null;
  const reader = toActor(member);
  const found = await db()
    .select({ id: questions.id, title: questions.title, score: questions.score, answers: questions.answerCount, solved: questions.acceptedAnswerId, visibility: categories.visibility, category: categories.name })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt), isNull(questions.hiddenAt)));
  const byId = new Map(found.filter((q) => canSeeCategory(reader, q.visibility)).map((q) => [q.id, q]));
  const items = ids.flatMap((id) => {
    const q = byId.get(id);
    if (!q) return [];
    const counts = [`${q.score} vote${q.score === 1 ? "" : "s"}`, `${q.answers} answer${q.answers === 1 ? "" : "s"}`, ...(q.solved ? ["solved"] : [])];
    return [{ title: q.title, url: absoluteUrl(questionUrl(q.id)), detail: `${q.category}: ${counts.join(", ")}` }];
  });
  if (!items.length) return null;
  return {
    subject: `This week in what you follow: ${items[0].title}${items.length > 1 ? ` and ${items.length - 1} more` : ""}`,
    paragraphs: ["The questions people voted and answered most this week, in the categories and tags you follow."],
    items,
    action: { label: "See everything you follow", url: absoluteUrl("/following") },
    footer: `You get this on Mondays because you follow categories or tags. Turn it off in your notification settings (${absoluteUrl("/settings/notifications")}).`,
    unsubscribeUrl: await unsubscribeUrl(ctx.userId, "weekly_digest"),
  };
}
