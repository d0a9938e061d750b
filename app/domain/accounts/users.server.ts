import { and, asc, count, eq, gt, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { answers, categories, questions, users, type User } from "#db/schema";
import { ensureCan, ensureSignedIn, rankedRoles, staffRoles, visibleCategoryKinds, type Actor } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";
import { badgesOf } from "~/domain/badges/list.server";
import { rankOf } from "~/domain/reputation/ranks";
import { avatarUrl, publicUser, userUrl } from "./present";

export { publicUser, toActor, userUrl, type PublicUser } from "./present";

export async function findUserByLogin(login: string) {
  const needle = login.trim().toLowerCase();
  const [user] = await db()
    .select()
    .from(users)
    .where(or(sql`lower(${users.email}) = ${needle}`, sql`lower(${users.username}) = ${needle}`))
    .limit(1);
  return user;
}

export async function findUserByUsername(username: string, executor: Executor = db()) {
  const [user] = await executor
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`)
    .limit(1);
  return user;
}

/** Those of these members the leaderboards rank (staff earn points but are not ranked, nor are deleted accounts, whose points stay in the ledger). */
export async function rankedMembers(ids: string[]) {
  if (!ids.length) return [];
  return db()
    .select({ id: users.id, username: users.username, role: users.role, reputation: users.reputation, avatarPath: users.avatarPath })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, [...rankedRoles]), isNull(users.deletedAt)));
}

/** Everyone who answers for the brand, for programme news. */
export async function staffIds(executor: Executor = db()) {
  const rows = await executor.select({ id: users.id }).from(users).where(inArray(users.role, [...staffRoles]));
  return rows.map((r) => r.id);
}

/**
 * A member's profile as this viewer may see it: the question, answer and
 * solution counts cover only posts in categories the viewer may read (and not
 * deleted), so a count never reveals a private post and always matches what
 * the profile lists.
 */
export async function getProfile(viewer: Actor | null, username: string) {
  const user = await findUserByUsername(username);
  // A deleted account has no profile: its posts stay, under "deleted user".
  if (!user || user.deletedAt) throw new NotFoundError("No such member.");
  const visible = inArray(categories.visibility, visibleCategoryKinds(viewer));
  const [[questionStats], [answerStats]] = await Promise.all([
    db()
      .select({ n: count() })
      .from(questions)
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(and(eq(questions.authorId, user.id), sql`${questions.deletedAt} is null and ${questions.hiddenAt} is null`, visible)),
    // Joined through each answer's own question (a primary-key lookup), not a scan of every accepted answer.
    db()
      .select({
        n: count(),
        accepted: sql<number>`count(*) filter (where ${questions.acceptedAnswerId} = ${answers.id})`.mapWith(Number),
      })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(and(eq(answers.authorId, user.id), sql`${answers.deletedAt} is null and ${answers.hiddenAt} is null`, sql`${questions.deletedAt} is null and ${questions.hiddenAt} is null`, visible)),
  ]);
  const [badges, topTags] = await Promise.all([badgesOf(user.id), topTagsOf(user.id)]);
  return {
    ...publicUser(user),
    rank: rankOf(user.reputation),
    displayName: user.displayName,
    bio: user.bio,
    avatarUrl: avatarUrl(user.avatarPath),
    questionCount: questionStats?.n ?? 0,
    answerCount: answerStats?.n ?? 0,
    acceptedCount: answerStats?.accepted ?? 0,
    badges,
    topTags,
  };
}

/** The tags a member answers most in public categories, with how many of those answers solved the question. */
async function topTagsOf(userId: string) {
  const rows = await db()
    .select({
      tag: sql<string>`t.tag`,
      answers: sql<number>`count(*)`.mapWith(Number),
      accepted: sql<number>`count(*) filter (where ${questions.acceptedAnswerId} = ${answers.id})`.mapWith(Number),
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .innerJoin(sql`lateral unnest(${questions.tags}) as t(tag)`, sql`true`)
    .where(and(eq(answers.authorId, userId), sql`${answers.deletedAt} is null and ${answers.hiddenAt} is null`, sql`${questions.deletedAt} is null and ${questions.hiddenAt} is null`, eq(categories.visibility, "public")))
    .groupBy(sql`t.tag`)
    .orderBy(sql`2 desc`, sql`1`)
    .limit(8);
  return rows;
}

const PAGE = 50;

/** Staff view of members, in username order, for the admin page. */
export async function listUsers(actor: Actor | null, input: { q?: string; after?: string }) {
  ensureCan(actor, "user:list");
  const filters = [];
  if (input.q) filters.push(or(ilike(users.username, `%${input.q}%`), ilike(users.email, `%${input.q}%`)));
  if (input.after) filters.push(gt(users.username, input.after));
  const rows = await db()
    .select({ id: users.id, username: users.username, email: users.email, role: users.role, reputation: users.reputation, createdAt: users.createdAt })
    .from(users)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(users.username))
    .limit(PAGE + 1);
  return { users: rows.slice(0, PAGE), nextAfter: rows.length > PAGE ? rows[PAGE - 1].username : null };
}

/** `GET /me`: who is signed in (401 for nobody). */
export function currentUser(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  // Named fields: the actor also carries its restrictions, which are not part of this contract.
  return { id: me.id, username: me.username, role: me.role, reputation: me.reputation, url: userUrl(me.username) };
}

/** `GET /me`: the contract's fields, and whether the member confirmed their address (theirs alone to see). */
export async function myAccount(actor: Actor | null) {
  const user = currentUser(actor);
  const [row] = await db().select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, user.id));
  return { ...user, emailVerified: Boolean(row?.verifiedAt) };
}

/** A member as the account endpoints answer with: public fields and the confirmation state. */
export function accountUser(user: User) {
  return { ...publicUser(user), emailVerified: Boolean(user.emailVerifiedAt) };
}
