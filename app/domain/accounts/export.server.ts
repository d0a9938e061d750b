/**
 * "Download my data": everything the forum keeps about a member that is
 * theirs, as one JSON document. Session ids and token hashes are left out:
 * they are ways in, not information about the member.
 */
import { asc, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, notifications, questions, reputationEvents, townhallQuestions, userBadges, users, votes, watches } from "#db/schema";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { badgeBySlug } from "~/domain/badges/definitions";
import { NotFoundError } from "~/domain/errors";
import { effectiveEmailPrefs } from "~/domain/notifications/preferences";
import { questionUrl } from "~/domain/questions/urls";
import { sessionsForExport } from "./sessions.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function exportMyData(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  const [user] = await db().select().from(users).where(eq(users.id, me.id));
  if (!user) throw new NotFoundError("No such member.");
  const [qs, as, vs, rep, badges, notes, watched, asked, sessions] = await Promise.all([
    db().select().from(questions).where(eq(questions.authorId, me.id)).orderBy(asc(questions.createdAt)),
    db().select().from(answers).where(eq(answers.authorId, me.id)).orderBy(asc(answers.createdAt)),
    db().select().from(votes).where(eq(votes.userId, me.id)).orderBy(asc(votes.createdAt)),
    db().select().from(reputationEvents).where(eq(reputationEvents.userId, me.id)).orderBy(asc(reputationEvents.createdAt)),
    db().select().from(userBadges).where(eq(userBadges.userId, me.id)).orderBy(asc(userBadges.awardedAt)),
    db().select().from(notifications).where(eq(notifications.userId, me.id)).orderBy(asc(notifications.createdAt)),
    db().select().from(watches).where(eq(watches.userId, me.id)).orderBy(asc(watches.createdAt)),
    db().select().from(townhallQuestions).where(eq(townhallQuestions.authorId, me.id)),
    sessionsForExport(me.id),
  ]);
  return {
    exportedAt: now().toISOString(),
    profile: {
      id: user.id,
      username: user.username,
      email: user.email,
      emailVerifiedAt: iso(user.emailVerifiedAt),
      displayName: user.displayName,
      bio: user.bio,
      timeZone: user.timeZone,
      role: user.role,
      reputation: user.reputation,
      hasAvatar: Boolean(user.avatarPath),
      notifications: effectiveEmailPrefs(user.emailPrefs),
      weeklyDigest: user.weeklyDigest,
      createdAt: iso(user.createdAt),
    },
    questions: qs.map((q) => ({
      id: q.id,
      title: q.title,
      body: q.body,
      tags: q.tags,
      status: q.status,
      score: q.score,
      url: questionUrl(q.id),
      createdAt: iso(q.createdAt),
      updatedAt: iso(q.updatedAt),
      deletedAt: iso(q.deletedAt),
    })),
    answers: as.map((a) => ({ id: a.id, questionId: a.questionId, body: a.body, score: a.score, url: `${questionUrl(a.questionId)}#answer-${a.id}`, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt), deletedAt: iso(a.deletedAt) })),
    // The forum's comments are the questions members ask at town halls.
    townhallQuestions: asked.map((t) => ({ id: t.id, townhallId: t.townhallId, body: t.body, status: t.status, createdAt: iso(t.createdAt) })),
    votes: vs.map((v) => ({ target: v.targetType, id: v.targetId, value: v.value, createdAt: iso(v.createdAt) })),
    reputationEvents: rep.map((r) => ({ kind: r.kind, points: r.points, postType: r.postType, postId: r.postId, questionId: r.questionId, reason: r.reason, createdAt: iso(r.createdAt) })),
    badges: badges.map((b) => ({ slug: b.slug, name: badgeBySlug(b.slug)?.name ?? b.slug, awardedAt: iso(b.awardedAt) })),
    notifications: notes.map((n) => ({ kind: n.kind, questionId: n.questionId, answerId: n.answerId, subject: n.subject, read: n.readAt !== null, createdAt: iso(n.createdAt) })),
    watches: watched.map((w) => ({ type: w.targetType, id: w.targetId, createdAt: iso(w.createdAt) })),
    sessions,
  };
}
