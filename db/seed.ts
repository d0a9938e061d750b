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
import type { EventLog } from "../app/domain/events/transact.server";
import { checkBadges } from "../app/domain/badges/check.server";
import { useDatabase } from "./client.server";
import { openForTask } from "./cli";
import { newId } from "./ids";
import { townhallAttendees, townhallCohosts, townhallQuestions, townhalls, townhallVotes } from "./schema";
import { answers, caseEvents, categories, notifications, privateMessages, questions, revisions, savedReplies, slaPolicies, staffNotes, supportCases, users, votes, type Role } from "./schema";
import { defaultPolicy } from "../app/domain/escalation/policies.server";
import { responderOf } from "../app/auth/policies";
import { deadlinesFor } from "../app/domain/escalation/sla";
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
// The seed writes history, not news: nobody listens to its events, and badges are judged once at the end.
const events: EventLog = { recorded: [], record: () => undefined };

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
    await record(tx, events, awards);
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
    await record(tx, events, awards);
  }
});

// The support side: every question's SLA clock as the app would have run it
// (24/7, advocates get 30 minutes, staff owe a reply within the hour), with a
// few cases staff are working on right now.
await db.transaction(async (tx) => {
  const byName = async (username: string) => (await tx.select().from(users).where(eq(users.username, username)))[0];
  const [nora, leo, priya] = [await byName("nora_nimbus"), await byName("leo_support"), await byName("priya_support")];
  await tx.insert(slaPolicies).values({ categoryId: "" });
  const [orders] = await tx.select().from(categories).where(eq(categories.slug, "orders"));
  await tx.insert(slaPolicies).values({ categoryId: orders.id, firstResponseMinutes: 120, advocateWindowMinutes: 30, resolutionMinutes: 2 * 480, coverage: "business_hours", timeZone: "Europe/Berlin", holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"] });

  const roleById = new Map((await tx.select({ id: users.id, role: users.role }).from(users)).map((u) => [u.id, u.role]));
  const all = await tx.select().from(questions);
  for (const q of all) {
    // Staff posting (announcements, lounge threads) owe themselves no reply.
    const askerRole = roleById.get(q.authorId);
    if (askerRole === "staff" || askerRole === "admin") continue;
    const policy = q.categoryId === orders.id ? { ...defaultPolicy, firstResponseMinutes: 120, coverage: "business_hours" as const, timeZone: "Europe/Berlin" } : defaultPolicy;
    const d = deadlinesFor(q.createdAt, policy);
    const replies = (await tx.select().from(answers).where(eq(answers.questionId, q.id))).filter((a) => a.authorId !== q.authorId).sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
    const role = (id: string) => responderOf(roleById.get(id) ?? "customer");
    const first = replies[0];
    const expert = replies.find((a) => role(a.authorId) !== "peer");
    const solution = replies.find((a) => a.id === q.acceptedAnswerId);
    // Escalated when no advocate or staff reply came inside the advocate window.
    const escalated = !solution && (!expert || expert.createdAt > d.advocateDueAt) && d.advocateDueAt < new Date(now);
    const breached = escalated && (!expert || expert.createdAt > d.firstResponseDueAt) && d.firstResponseDueAt < new Date(now);
    // Escalated cases that have had an expert reply since wait on the customer.
    const state = solution ? "solved" : escalated ? (expert ? "waiting_on_customer" : "escalated") : "routing";
    await tx.insert(supportCases).values({
      questionId: q.id,
      categoryId: q.categoryId,
      customerId: q.authorId,
      state,
      advocateDueAt: d.advocateDueAt,
      firstResponseDueAt: d.firstResponseDueAt,
      resolutionDueAt: d.resolutionDueAt,
      slaDueAt: expert ? d.resolutionDueAt : d.firstResponseDueAt,
      escalatedAt: escalated ? d.advocateDueAt : null,
      escalationReason: escalated ? "advocate_window" : null,
      firstResponseAt: first?.createdAt ?? null,
      firstResponseRole: first ? role(first.authorId) : null,
      clockStoppedAt: expert?.createdAt ?? null,
      breachedAt: breached ? d.firstResponseDueAt : null,
      solvedAt: solution ? new Date(solution.createdAt.getTime() + 2 * hour) : null,
      solvedBy: solution ? role(solution.authorId) : null,
      solvedInPrivate: solution ? false : null,
      createdAt: q.createdAt,
    });
    await tx.update(questions).set({ status: state === "routing" ? "open" : state }).where(eq(questions.id, q.id));
    if (escalated) await tx.insert(caseEvents).values({ id: newId(), questionId: q.id, customerId: q.authorId, kind: "escalated", data: { reason: "advocate_window" }, createdAt: d.advocateDueAt });
    if (breached) await tx.insert(caseEvents).values({ id: newId(), questionId: q.id, customerId: q.authorId, kind: "breached", data: {}, createdAt: d.firstResponseDueAt });
    if (solution) await tx.insert(caseEvents).values({ id: newId(), questionId: q.id, customerId: q.authorId, kind: "solved", actorId: q.authorId, data: { by: role(solution.authorId) }, createdAt: new Date(solution.createdAt.getTime() + 2 * hour) });
  }

  // Staff at work: the parcel question went private with Priya; Leo has the Beam subwoofer one.
  const parcel = all.find((q) => q.body.startsWith("Tracking says"));
  const beam = all.find((q) => q.body.includes("wireless sub"));
  if (parcel) {
    await tx.update(supportCases).set({ state: "assigned", assigneeId: priya.id, isPrivate: true, escalatedAt: parcel.createdAt, escalationReason: "asker" }).where(eq(supportCases.questionId, parcel.id));
    await tx.update(questions).set({ status: "assigned" }).where(eq(questions.id, parcel.id));
    await tx.insert(caseEvents).values([
      { id: newId(), questionId: parcel.id, customerId: parcel.authorId, kind: "claimed", actorId: priya.id, data: { assignee: "priya_support" }, createdAt: new Date(parcel.createdAt.getTime() + 20 * 60_000) },
      { id: newId(), questionId: parcel.id, customerId: parcel.authorId, kind: "moved_private", actorId: priya.id, data: {}, createdAt: new Date(parcel.createdAt.getTime() + 21 * 60_000) },
    ]);
    const msg = (authorId: string, body: string, minutes: number) => ({ id: newId(), questionId: parcel.id, authorId, body, html: renderMarkdown(body), createdAt: new Date(parcel.createdAt.getTime() + minutes * 60_000) });
    await tx.insert(privateMessages).values([
      msg(priya.id, "Hi! I'm sorry about this. Could you confirm the order number and the delivery address? I'll open a trace with the carrier.", 22),
      msg(parcel.authorId, "Order NB-208811, the address is the one on my account (flat 3B).", 31),
    ]);
    await tx.insert(staffNotes).values({ id: newId(), questionId: parcel.id, authorId: priya.id, body: "Carrier GPS shows the drop two doors down. Asked the depot to collect; replacement ready if it is not back by Thursday.", html: renderMarkdown("Carrier GPS shows the drop two doors down. Asked the depot to collect; replacement ready if it is not back by Thursday."), createdAt: new Date(parcel.createdAt.getTime() + 40 * 60_000) });
  }
  if (beam) {
    await tx.update(supportCases).set({ state: "assigned", assigneeId: leo.id }).where(eq(supportCases.questionId, beam.id));
    await tx.update(questions).set({ status: "assigned" }).where(eq(questions.id, beam.id));
    await tx.insert(staffNotes).values({ id: newId(), questionId: beam.id, authorId: leo.id, body: "Known issue in Beam 7.1 with subs made before 2024: hotfix 7.1.2 is in QA. Offer the manual re-pair steps meanwhile.", html: renderMarkdown("Known issue in Beam 7.1 with subs made before 2024: hotfix 7.1.2 is in QA. Offer the manual re-pair steps meanwhile."), createdAt: new Date(now - 30 * 60_000) });
  }

  const reply = (title: string, body: string, approved: boolean, uses: number) => ({ id: newId(), title, body, createdById: leo.id, approvedById: approved ? nora.id : null, approvedAt: approved ? new Date(now - 20 * 24 * hour) : null, useCount: uses });
  await tx.insert(savedReplies).values([
    reply("Re-pair after a firmware update", "Hi {{customer}}, thanks for the details. After a firmware update the pairing keys sometimes need a refresh:\n\n1. Remove the device from your phone's Bluetooth list.\n2. Hold the power button for 10 seconds until the light flashes white.\n3. Pair again from the Nimbus app.\n\nIf that does not help, reply here and we'll take it from there. {{agent}}", true, 14),
    reply("Warranty claim: what we need", "Hi {{customer}}, we can help with \"{{question}}\" under warranty. Please send us the order number and a short video of the problem, and we'll arrange a replacement. {{agent}}, Nimbus Support", true, 9),
    reply("Missing parcel", "Hi {{customer}}, sorry your parcel has not arrived. We've opened a trace with the carrier; you'll hear from us within one working day. {{agent}}", true, 3),
    reply("Beta firmware disclaimer", "Hi {{customer}}, beta firmware can change without notice. For {{category}} devices you can roll back from the app under Settings, Firmware. {{agent}}", false, 0),
  ]);
});

// Town halls: one coming up with questions collected in advance, one in the archive with its answers searchable.
await db.transaction(async (tx) => {
  const byName = async (username: string) => (await tx.select().from(users).where(eq(users.username, username)))[0];
  const [nora, leo, priya] = [await byName("nora_nimbus"), await byName("leo_support"), await byName("priya_support")];
  const people = await Promise.all(["ben_k", "chloe_w", "diego_r", "elif_s", "frank_m", "audio_amir", "hubmaster_jo", "grace_l"].map(byName));
  const upcomingId = newId();
  const archiveId = newId();
  const day = 24 * hour;
  const nextWeekday = new Date(now + 2 * day);
  nextWeekday.setUTCHours(16, 0, 0, 0);
  const upcomingDescription = "The Hub team walks through **Hub 5.0**: Matter over Thread, faster automations and the new energy dashboard. Ask ahead, vote on what you want answered, and join live.";
  const archiveDescription = "Air Pro **firmware 4.2** brought multipoint and a new noise-cancelling mode. The audio team answered your questions live.";
  await tx.insert(townhalls).values([
    { id: upcomingId, title: "Hub 5.0: ask the Smart Home team", description: upcomingDescription, descriptionHtml: renderMarkdown(upcomingDescription), startsAt: nextWeekday, durationMinutes: 60, hostId: nora.id, moderated: true, streamUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ" },
    { id: archiveId, title: "Air Pro firmware 4.2 AMA", description: archiveDescription, descriptionHtml: renderMarkdown(archiveDescription), startsAt: new Date(now - 10 * day), durationMinutes: 45, hostId: leo.id, moderated: false, state: "ended", startedAt: new Date(now - 10 * day), endedAt: new Date(now - 10 * day + 50 * 60_000) },
  ]);
  await tx.insert(townhallCohosts).values([{ townhallId: upcomingId, userId: priya.id }]);
  await tx.insert(townhallAttendees).values(people.slice(0, 5).map((u) => ({ townhallId: upcomingId, userId: u.id })));
  const ask = (townhallId: string, author: typeof nora, body: string, status: "pending" | "approved" | "answered", voters: (typeof nora)[], answer?: string, minutes = 0) => ({
    row: {
      id: newId(),
      townhallId,
      authorId: author.id,
      body,
      status,
      votes: voters.length,
      answer: answer ?? null,
      answerHtml: answer ? renderMarkdown(answer) : null,
      answeredById: answer ? leo.id : null,
      answeredAt: answer ? new Date(now - 10 * day + (minutes + 5) * 60_000) : null,
      createdAt: new Date(townhallId === archiveId ? now - 10 * day + minutes * 60_000 : now - (6 - minutes) * hour),
    },
    voters,
  });
  const [ben, chloe, diego, elif, frank, amir, jo, grace] = people;
  const questionsToAdd = [
    ask(upcomingId, ben, "Will my existing Zigbee sensors keep working after the 5.0 update?", "approved", [chloe, diego, elif, frank], undefined, 1),
    ask(upcomingId, jo, "Can automations run locally when the internet is down?", "approved", [ben, amir], undefined, 2),
    ask(upcomingId, grace, "Is the energy dashboard coming to the Android app at the same time?", "pending", [], undefined, 3),
    ask(archiveId, chloe, "Does multipoint work with a Mac and an iPhone at the same time?", "answered", [ben, diego, frank, amir, elif], "Yes. Pair both, then turn on *Multipoint* in the app under Connections. Audio follows whichever device starts playing.", 3),
    ask(archiveId, diego, "Why does noise cancelling sound different after 4.2?", "answered", [ben, elif, grace], "4.2 adds an adaptive mode that reacts to wind noise. If you prefer the old behaviour, pick *Classic ANC* in the sound settings.", 9),
    ask(archiveId, frank, "Will 4.2 come to the original Air earbuds?", "answered", [chloe, jo], "The original Air gets multipoint in 4.3; the adaptive ANC mode needs the Air Pro's extra microphones.", 15),
    ask(archiveId, elif, "Can I rename my earbuds in the app?", "approved", [ben], undefined, 20),
  ];
  await tx.insert(townhallQuestions).values(questionsToAdd.map((q) => q.row));
  const voteRows = questionsToAdd.flatMap((q) => q.voters.map((v) => ({ questionId: q.row.id, userId: v.id })));
  if (voteRows.length) await tx.insert(townhallVotes).values(voteRows);
  // Answered town-hall questions join the search index on the server's next start.
  await enqueueSearch(tx, "questions", questionsToAdd.filter((q) => q.row.status === "answered").map((q) => `th_${q.row.id}`));
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
