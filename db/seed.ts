/**
 * `npm run seed`: fills an empty forum with the Nimbus demo community.
 * Safe to run twice: it does nothing when the demo is already there.
 */
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import { renderMarkdown } from "../app/domain/content/markdown.server";
import { enqueueSearch } from "../search/outbox.server";
import { POINTS } from "../app/domain/reputation/rules";
import { record, type Award } from "../app/domain/reputation/ledger.server";
import { checkBadges } from "../app/domain/badges/check.server";
import { useDatabase } from "./client.server";
import { openForTask } from "./cli";
import { newId } from "./ids";
import { answers, categories, notifications, questions, revisions, users, votes, type Role } from "./schema";
import { demoAdvocates, demoCategories, demoCustomers, demoPassword, demoQuestions, demoStaff } from "./seed-data";

const handle = await openForTask("npm run seed");
const db = handle.db;

const [already] = await db.select({ id: users.id }).from(users).where(eq(users.username, demoStaff[0].username));
if (already) {
  console.log("The demo community is already there: nothing to do.");
  await handle.close();
  process.exit(0);
}

const started = Date.now();
const now = Date.now();
const hour = 3600_000;
const passwordHash = await hashPassword(demoPassword);

await db.transaction(async (tx) => {
  const people: { username: string; role: Role; email: string; displayName?: string; joinedDaysAgo: number }[] = [
    ...demoStaff.map((s) => ({ ...s, joinedDaysAgo: 400 })),
    ...demoAdvocates.map((u, i) => ({ username: u, role: "advocate" as const, email: `${u}@members.example`, joinedDaysAgo: 300 - i * 20 })),
    ...demoCustomers.map((u, i) => ({ username: u, role: "customer" as const, email: `${u}@members.example`, joinedDaysAgo: 120 - i * 3 })),
  ];
  const idOf = new Map<string, string>();
  for (const p of people) {
    const id = newId();
    idOf.set(p.username, id);
    await tx.insert(users).values({
      id,
      email: p.email,
      username: p.username,
      displayName: p.displayName ?? null,
      passwordHash,
      role: p.role,
      createdAt: new Date(now - p.joinedDaysAgo * 24 * hour),
    });
  }

  const everyone = Array.from(idOf.values());
  // Scores come from vote rows, as they do in the app, so cache and rows agree.
  const votesFor = (targetType: "question" | "answer", targetId: string, authorId: string, score: number, salt: number) => {
    const voters = everyone.filter((id) => id !== authorId);
    return Array.from({ length: Math.min(score, voters.length) }, (_, k) => ({
      userId: voters[(salt * 7 + k) % voters.length],
      targetType,
      targetId,
      value: 1,
    }));
  };

  const categoryId = new Map<string, string>();
  for (const [position, c] of demoCategories.entries()) {
    const id = newId();
    categoryId.set(c.slug, id);
    await tx.insert(categories).values({ id, slug: c.slug, name: c.name, description: c.description, position, visibility: c.visibility ?? "public" });
  }

  for (const [i, q] of demoQuestions.entries()) {
    const asked = now - q.daysAgo * 24 * hour - ((i * 7) % 20) * hour - 30 * 60_000;
    const questionId = newId();
    let lastActivity = asked;
    let acceptedId: string | null = null;
    const answerRows = q.answers.map((a, j) => {
      const at = Math.min(asked + (j + 1) * (0.4 + ((i + j) % 5) * 0.6) * hour, now - 5 * 60_000);
      lastActivity = Math.max(lastActivity, at);
      const id = newId();
      if (a.accepted) acceptedId = id;
      return {
        id,
        questionId,
        authorId: idOf.get(a.by)!,
        body: a.body,
        html: renderMarkdown(a.body),
        score: a.score ?? 0,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      };
    });
    await tx.insert(questions).values({
      id: questionId,
      authorId: idOf.get(q.by)!,
      categoryId: categoryId.get(q.category)!,
      title: q.title,
      body: q.body,
      html: renderMarkdown(q.body),
      tags: q.tags,
      status: acceptedId ? "solved" : "open",
      score: q.score ?? 0,
      answerCount: answerRows.length,
      viewCount: 20 + ((i * 37) % 400),
      acceptedAnswerId: acceptedId,
      createdAt: new Date(asked),
      updatedAt: new Date(asked),
      lastActivityAt: new Date(lastActivity),
    });
    if (answerRows.length) await tx.insert(answers).values(answerRows);
    const authorId = idOf.get(q.by)!;
    const voteRows = [
      ...votesFor("question", questionId, authorId, q.score ?? 0, i),
      ...answerRows.flatMap((a, j) => votesFor("answer", a.id, a.authorId, a.score, i + j + 1)),
    ];
    if (voteRows.length) await tx.insert(votes).values(voteRows);
    // Reputation as the app would have written it: each vote, the solution and the first response are ledger events.
    const category = categoryId.get(q.category)!;
    const awards: Award[] = [];
    const votedAt = (base: Date, k: number) => new Date(Math.min(base.getTime() + (k + 1) * 1.7 * hour, now - 60_000));
    voteRows.forEach((v, k) => {
      const answer = answerRows.find((a) => a.id === v.targetId);
      awards.push({
        userId: answer ? answer.authorId : authorId,
        kind: answer ? "answer_upvoted" : "question_upvoted",
        points: answer ? POINTS.answerUpvoted : POINTS.questionUpvoted,
        sourceKey: `vote:${v.targetType}:${v.targetId}:${v.userId}`,
        actorId: v.userId,
        postType: v.targetType,
        postId: v.targetId,
        questionId,
        categoryId: category,
        at: votedAt(answer ? answer.createdAt : new Date(asked), k),
      });
    });
    const firstAnswer = answerRows.find((a) => a.authorId !== authorId);
    if (firstAnswer) {
      awards.push({
        userId: firstAnswer.authorId,
        kind: "first_response",
        points: 0,
        sourceKey: `first:${questionId}`,
        postType: "answer",
        postId: firstAnswer.id,
        questionId,
        categoryId: category,
        responseSeconds: Math.round((firstAnswer.createdAt.getTime() - asked) / 1000),
        at: firstAnswer.createdAt,
      });
    }
    const solution = answerRows.find((a) => a.id === acceptedId);
    if (solution && solution.authorId !== authorId) {
      const at = new Date(Math.min(solution.createdAt.getTime() + 2 * hour, now - 60_000));
      const base = { postType: "answer" as const, postId: solution.id, questionId, categoryId: category, actorId: authorId, at };
      awards.push({ ...base, userId: solution.authorId, kind: "answer_accepted", points: POINTS.answerAccepted, sourceKey: `accept:${solution.id}` });
      awards.push({ ...base, userId: authorId, kind: "accepted_answer", points: POINTS.acceptingAnswer, sourceKey: `accepter:${solution.id}` });
    }
    await record(tx, awards);
    await tx.insert(revisions).values([
      { id: newId(), targetType: "question", targetId: questionId, number: 1, editorId: authorId, title: q.title, body: q.body, tags: q.tags, createdAt: new Date(asked) },
      ...answerRows.map((a) => ({ id: newId(), targetType: "answer" as const, targetId: a.id, number: 1, editorId: a.authorId, body: a.body, createdAt: a.createdAt })),
    ]);
    const notes = answerRows
      .filter((a) => a.authorId !== authorId)
      .map((a) => ({
        id: newId(),
        userId: authorId,
        kind: "answer" as const,
        actorId: a.authorId,
        questionId,
        answerId: a.id,
        createdAt: a.createdAt,
        readAt: a.createdAt.getTime() < now - 2 * 24 * hour ? a.createdAt : null,
      }));
    if (notes.length) await tx.insert(notifications).values(notes);
    // The server's outbox drainer indexes these on its next start.
    await enqueueSearch(tx, "questions", [questionId]);
  }
});

// Advocates and a few regulars helped on the old forum before this one: their
// reputation came across as ledger events, so profiles show a year of history.
await db.transaction(async (tx) => {
  const imported: Record<string, { upvotes: number; solutions: number }> = {
    audio_amir: { upvotes: 190, solutions: 60 },
    hubmaster_jo: { upvotes: 120, solutions: 30 },
    techie_tom: { upvotes: 95, solutions: 18 },
    marta_sound: { upvotes: 70, solutions: 12 },
    kasia_runs: { upvotes: 40, solutions: 9 },
    frank_m: { upvotes: 45, solutions: 6 },
    elif_s: { upvotes: 14, solutions: 2 },
  };
  for (const [username, counts] of Object.entries(imported)) {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    const spread = (k: number, n: number) => new Date(now - (360 - Math.floor((k / n) * 330)) * 24 * hour - (k % 9) * hour);
    const awards: Award[] = [
      ...Array.from({ length: counts.upvotes }, (_, k) => ({
        userId: user.id,
        kind: "answer_upvoted" as const,
        points: POINTS.answerUpvoted,
        sourceKey: `import:vote:${username}:${k}`,
        at: spread(k, counts.upvotes),
      })),
      ...Array.from({ length: counts.solutions }, (_, k) => ({
        userId: user.id,
        kind: "answer_accepted" as const,
        points: POINTS.answerAccepted,
        sourceKey: `import:accept:${username}:${k}`,
        at: spread(k, counts.solutions),
      })),
    ];
    await record(tx, awards);
  }
});

// What the badge job would have done as all this happened: award badges and nominate new advocates.
useDatabase(handle);
const everyone = await db.select({ id: users.id }).from(users);
const awarded = await checkBadges(everyone.map((u) => u.id));

const [counts] = await db
  .select({
    users: sql<number>`(select count(*) from users)`.mapWith(Number),
    questions: sql<number>`(select count(*) from questions)`.mapWith(Number),
    answers: sql<number>`(select count(*) from answers)`.mapWith(Number),
  })
  .from(sql`(select 1) as one`);
console.log(
  `Seeded the Nimbus demo community in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${counts.users} members, ${demoCategories.length} categories, ${counts.questions} questions, ${counts.answers} answers, ${awarded.length} badges.\n` +
    `Log in as any of them with the password "${demoPassword}", e.g. nora_nimbus (admin), leo_support (staff), audio_amir (advocate), ben_k (customer).`,
);
await handle.close();
