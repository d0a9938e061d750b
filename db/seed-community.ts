/**
 * The Nimbus demo community, written through the forum's own commands: every
 * account, question, answer, vote, solution, case, note, saved reply, town
 * hall and badge comes from the function the product itself calls, so what
 * the demo shows is what the product does (decision 007).
 *
 * History is made by the forum's clock (~/clock): the seed lays out weeks of
 * activity on a timeline and plays it in order, pinning the clock to each
 * step's moment. The commands then date their rows, reputation buckets, SLA
 * deadlines and rate-limit windows as they would have been dated then, and
 * the real limits apply in that time (nobody here posts or votes faster than
 * the limits allow). What the job system would have done meanwhile happens
 * at its moment too: badge checks are drained after every step, the SLA
 * timers and the town-hall reminder run when they fall due.
 *
 * The caller opens the database (useDatabase), subscribes the domain
 * (subscribeDomain) and starts the job system without a worker (startJobs),
 * as db/seed.ts and tests/integration/seed.test.ts do.
 */
import { eq, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/rows";
import { sessions, supportCases, users } from "#db/schema";
import sharp from "sharp";
import { startSession } from "~/auth/lucia.server";
import { storeAvatar } from "~/domain/accounts/avatar.server";
import { setClock } from "~/clock";
import { canSeeCategory, stopsTheClock, type Actor, type CategoryVisibility, type Role } from "~/auth/policies";
import { updateProfile } from "~/domain/accounts/profile.server";
import { signup } from "~/domain/accounts/signup.server";

import { findUserByUsername, toActor } from "~/domain/accounts/users.server";
import { promoteAdvocate } from "~/domain/advocates/nominations.server";
import { postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { createCategory, updateCategory } from "~/domain/categories/manage.server";
import { NotFoundError } from "~/domain/errors";
import { assign, claim, escalate, getCase, setStatus } from "~/domain/escalation/cases.server";
import { addNote } from "~/domain/escalation/notes.server";
import { defaultPolicy, savePolicy } from "~/domain/escalation/policies.server";
import { moveToPrivate, postPrivateMessage } from "~/domain/escalation/private-thread.server";
import { approveSavedReply, createSavedReply, useSavedReply } from "~/domain/escalation/saved-replies.server";
import { getStaffQueue } from "~/domain/escalation/queue.server";
import { runEscalationCheck } from "~/domain/escalation/timers.server";
import { markRead } from "~/domain/notifications/notify.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { closeAsDuplicate } from "~/domain/questions/duplicates.server";
import { recordView } from "~/domain/questions/views.server";
import { importReputation } from "~/domain/reputation/import.server";
import { PAIR_VOTES_PER_DAY, VOTES_PER_DAY } from "~/domain/reputation/rules";
import { askTownhallQuestion, moderateTownhallQuestion, voteTownhallQuestion } from "~/domain/townhalls/questions.server";
import { endTownhall, listTownhalls, rsvp, scheduleTownhall, startTownhall } from "~/domain/townhalls/townhalls.server";
import { castVote } from "~/domain/votes/votes.server";
import { flagPost } from "~/domain/moderation/flags.server";
import { resolveReview, reviewQueue } from "~/domain/moderation/review.server";
import { suspendUser } from "~/domain/moderation/restrictions.server";
import { jobsRunning } from "~/jobs/boss.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { sendWeeklyDigests } from "~/domain/mail-notifications/weekly-digest.server";
import { watch } from "~/domain/following/watch.server";
import { demoAdvocates, demoCategories, demoCustomers, demoPassword, demoQuestions, demoStaff, type DemoQuestion } from "./seed-data";

/**
 * A demo member who confirmed their address on joining: in the history they
 * post at once, as members whose addresses were confirmed do (an unconfirmed
 * account is limited as a new one).
 */
async function signupConfirmed(...args: Parameters<typeof signup>) {
  const user = await signup(...args);
  await db().update(users).set({ emailVerifiedAt: user.createdAt }).where(eq(users.id, user.id));
  return user;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The seed's spammer: a fresh account whose first link post the spam rules held. */
export const spammerUsername = "deals_4u";

export const upcomingTownhallTitle = "Hub 5.0: ask the Smart Home team";
export const archivedTownhallTitle = "Air Pro firmware 4.2 AMA";

export interface SeedSummary {
  members: number;
  categories: number;
  questions: number;
  answers: number;
  votes: number;
  badges: number;
  /** All cases; those in the staff queue, overdue there, assigned, and taken private. */
  cases: { total: number; open: number; breached: number; assigned: number; private: number };
  townhalls: number;
  townhallQuestions: number;
  townhallVotes: number;
  savedReplies: number;
  notes: number;
  reputationEvents: number;
}

/** Whether the demo is in this database: all of it, some of it (a seed that stopped part way), or none. */
export async function demoState(): Promise<"absent" | "partial" | "complete"> {
  const lead = await findUserByUsername(demoStaff[0].username);
  if (!lead) return "absent";
  const titles = new Set((await listTownhalls()).townhalls.map((t) => t.title));
  const [{ n }] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from questions`));
  return titles.has(upcomingTownhallTitle) && titles.has(archivedTownhallTitle) && Number(n) >= demoQuestions.length ? "complete" : "partial";
}

interface Step {
  at: number;
  /** Timers run after the commands of the same instant (a reply at the deadline beats the breach). */
  timer: boolean;
  seq: number;
  label: string;
  run: () => Promise<unknown>;
}

/** The seed's history: steps at moments, played in order with the clock pinned to each. */
class Timeline {
  private steps: Step[] = [];
  private seq = 0;
  constructor(private readonly end: number) {}

  at(at: number, label: string, run: () => Promise<unknown>, opts: { timer?: boolean } = {}) {
    if (at > this.end) throw new Error(`seed: "${label}" would happen after the seed's present`);
    this.steps.push({ at: Math.round(at), timer: opts.timer ?? false, seq: this.seq++, label, run });
  }

  private next() {
    let best = 0;
    for (let i = 1; i < this.steps.length; i++) {
      const a = this.steps[i];
      const b = this.steps[best];
      if (a.at < b.at || (a.at === b.at && (Number(a.timer) < Number(b.timer) || (a.timer === b.timer && a.seq < b.seq)))) best = i;
    }
    return this.steps.splice(best, 1)[0];
  }

  /** Plays every step (steps may add later ones), running `after` after each, with the clock at the step's moment. */
  async play(after: () => Promise<unknown>) {
    while (this.steps.length) {
      const step = this.next();
      setClock(new Date(step.at));
      try {
        await step.run();
        await after();
      } catch (err) {
        throw new Error(`seed: step "${step.label}" at ${new Date(step.at).toISOString()} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  }
}

const staffNote = {
  parcel: "Carrier GPS shows the drop two doors down. Asked the depot to collect; replacement ready if it is not back by Thursday.",
  beam: "Known issue in Beam 7.1 with subs made before 2024: hotfix 7.1.2 is in QA. Offer the manual re-pair steps meanwhile.",
};

const savedReplyTexts = [
  {
    title: "Re-pair after a firmware update",
    body: "Hi {{customer}}, thanks for the details. After a firmware update the pairing keys sometimes need a refresh:\n\n1. Remove the device from your phone's Bluetooth list.\n2. Hold the power button for 10 seconds until the light flashes white.\n3. Pair again from the Nimbus app.\n\nIf that does not help, reply here and we'll take it from there.\n\n— {{agent}}",
    approved: true,
  },
  {
    title: "Warranty claim: what we need",
    body: 'Hi {{customer}}, we can help with "{{question}}" under warranty. Please send us the order number and a short video of the problem, and we\'ll arrange a replacement.\n\n— {{agent}}, Nimbus Support',
    approved: true,
  },
  {
    title: "Missing parcel",
    body: "Hi {{customer}}, sorry your parcel has not arrived. We've opened a trace with the carrier; you'll hear from us within one working day.\n\n— {{agent}}",
    approved: true,
  },
  {
    title: "Beta firmware disclaimer",
    body: "Hi {{customer}}, beta firmware can change without notice. For {{category}} devices you can roll back from the app under Settings, Firmware.\n\n— {{agent}}",
    approved: false,
  },
];

/** Advocates and a few regulars helped on the forum this one replaced; their history comes across by import. */
const importedHistory: Record<string, { upvotes: number; solutions: number }> = {
  audio_amir: { upvotes: 190, solutions: 60 },
  hubmaster_jo: { upvotes: 120, solutions: 30 },
  techie_tom: { upvotes: 95, solutions: 18 },
  marta_sound: { upvotes: 70, solutions: 12 },
  kasia_runs: { upvotes: 40, solutions: 9 },
  frank_m: { upvotes: 45, solutions: 6 },
  elif_s: { upvotes: 14, solutions: 2 },
};

/**
 * Writes the demo community. `present` is the moment the demo leads up to
 * (default: now); the clock is given back to the wall clock at the end.
 */
export async function seedCommunity(options: { present?: Date } = {}): Promise<SeedSummary> {
  if (!jobsRunning()) throw new Error("seedCommunity: start the job system first (startJobs), so that badge checks are queued as the server would queue them.");
  const T0 = (options.present ?? new Date()).getTime();
  const ago = (ms: number) => T0 - ms;
  const latest = (t: number, margin = MINUTE) => Math.min(t, T0 - margin);
  const timeline = new Timeline(T0);

  // Who everyone is, and what they are once the story has run (advocates are promoted early on).
  const roleOf = new Map<string, Role>();
  for (const s of demoStaff) roleOf.set(s.username, s.role);
  for (const u of demoAdvocates) roleOf.set(u, "advocate");
  for (const u of demoCustomers) roleOf.set(u, "customer");
  const everyone = [...roleOf.keys()];
  const as = async (username: string): Promise<Actor> => {
    const user = await findUserByUsername(username);
    if (!user) throw new Error(`seed: no member ${username}`);
    return toActor(user);
  };
  const [nora, leo, priya] = demoStaff.map((s) => s.username);

  // ---- The team, the categories and the SLA, a little over a year ago.
  const opened = ago(400 * DAY);
  for (const [k, s] of demoStaff.entries()) {
    timeline.at(opened + k * MINUTE, `sign up ${s.username}`, async () => {
      const user = await signupConfirmed({ email: s.email, username: s.username, password: demoPassword }, { role: s.role });
      await updateProfile(toActor(user), { displayName: s.displayName });
    });
  }
  const lounge = demoCategories.find((c) => c.visibility === "advocates");
  for (const [k, c] of demoCategories.entries()) {
    // The lounge waits, staff-only, until the advocate programme starts.
    const visibility = c === lounge ? "staff" : (c.visibility ?? "public");
    timeline.at(ago(399 * DAY) + k * MINUTE, `category ${c.slug}`, async () =>
      createCategory(await as(nora), { name: c.name, slug: c.slug, description: c.description, visibility }),
    );
  }
  // 24/7 with advocates given 30 minutes and staff owing a reply within the hour; orders run on Berlin business hours.
  const policyFields = { ...defaultPolicy, businessDays: [...defaultPolicy.businessDays], holidays: [...defaultPolicy.holidays] };
  timeline.at(ago(399 * DAY) + HOUR, "default SLA", async () => savePolicy(await as(nora), "", policyFields));
  timeline.at(ago(399 * DAY) + HOUR + MINUTE, "orders SLA", async () =>
    savePolicy(await as(nora), "orders", {
      ...policyFields,
      firstResponseMinutes: 120,
      advocateWindowMinutes: 30,
      resolutionMinutes: 2 * 480,
      coverage: "business_hours",
      timeZone: "Europe/Berlin",
      holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"],
    }),
  );

  // ---- Members join over the months; the advocates-to-be joined first.
  const joins: { username: string; at: number }[] = [
    ...demoAdvocates.map((u, i) => ({ username: u, at: ago((300 - i * 20) * DAY) })),
    ...demoCustomers.map((u, i) => ({ username: u, at: ago((120 - i * 3) * DAY) })),
  ];
  for (const j of joins) {
    timeline.at(j.at, `sign up ${j.username}`, () => signupConfirmed({ email: `${j.username}@members.example`, username: j.username, password: demoPassword }));
  }
  // Two members follow what they own: new questions there ring their bells (the fan-out job runs with the timeline).
  timeline.at(ago(100 * DAY), "ben_k follows headphones", async () => watch(await as("ben_k"), "category", "headphones"));
  timeline.at(ago(100 * DAY) + MINUTE, "diego_r follows the app", async () => watch(await as("diego_r"), "category", "app"));

  // ---- Fifty days ago the old forum closed: its reputation comes across with its dates, the
  // badge job nominates who qualifies, and Nora promotes five of them and opens the lounge.
  const imported = ago(50 * DAY);
  for (const [k, [username, counts]] of Object.entries(importedHistory).entries()) {
    const spread = (n: number, of: number) => new Date(ago((360 - Math.floor((n / of) * 309)) * DAY + (n % 9) * HOUR));
    timeline.at(imported + k * MINUTE, `import ${username}`, async () =>
      importReputation(await as(nora), {
        username,
        source: "old-forum",
        awards: [
          ...Array.from({ length: counts.upvotes }, (_, n) => ({ kind: "answer_upvoted" as const, at: spread(n, counts.upvotes) })),
          ...Array.from({ length: counts.solutions }, (_, n) => ({ kind: "answer_accepted" as const, at: spread(n, counts.solutions) })),
        ],
      }),
    );
  }
  for (const [k, username] of demoAdvocates.entries()) {
    timeline.at(ago(49 * DAY) + k * 10 * MINUTE, `promote ${username}`, async () => promoteAdvocate(await as(nora), username));
  }
  if (lounge) timeline.at(ago(49 * DAY) + HOUR, "open the lounge", async () => updateCategory(await as(nora), lounge.slug, { visibility: "advocates" }));

  // ---- Saved replies: Leo drafts, Nora approves the ones fit to send.
  const replyIds = new Map<string, string>();
  for (const [k, r] of savedReplyTexts.entries()) {
    timeline.at(ago(25 * DAY) + k * 7 * MINUTE, `saved reply ${r.title}`, async () => {
      const created = await createSavedReply(await as(leo), { title: r.title, body: r.body });
      replyIds.set(r.title, created.id);
    });
    if (r.approved) timeline.at(ago(20 * DAY) + k * 3 * MINUTE, `approve ${r.title}`, async () => approveSavedReply(await as(nora), replyIds.get(r.title)!));
  }

  // ---- The forum: questions, answers hours later, votes, solutions, views; the SLA clock runs.
  const votePlan = new VotePlan();
  const questionIds: string[] = [];
  const answerIds: string[][] = [];
  const byTitle = new Map(demoQuestions.map((q, i) => [q.title, i]));
  for (const [i, q] of demoQuestions.entries()) {
    const visibility: CategoryVisibility = demoCategories.find((c) => c.slug === q.category)?.visibility ?? "public";
    const asked = ago(q.daysAgo * DAY + ((i * 7) % 20) * HOUR + 30 * MINUTE);
    const answerTimes = q.answers.map((a, j) => latest(a.afterMinutes !== undefined ? asked + a.afterMinutes * MINUTE : asked + (j + 1) * (0.4 + ((i + j) % 5) * 0.6) * HOUR, 5 * MINUTE));
    answerIds[i] = [];

    timeline.at(asked, `ask "${q.title}"`, async () => {
      const { question } = await askQuestion(await as(q.by), { title: q.title, body: q.body, category: q.category, tags: q.tags });
      questionIds[i] = question.id;
      // The SLA timers the command set: they run when they fall due (pg-boss would run them on the wall clock).
      const [c] = await db()
        .select({ advocateDueAt: supportCases.advocateDueAt, firstResponseDueAt: supportCases.firstResponseDueAt })
        .from(supportCases)
        .where(eq(supportCases.questionId, question.id));
      if (!c) return;
      for (const [check, due] of [["advocate_window", c.advocateDueAt], ["first_response", c.firstResponseDueAt]] as const) {
        const at = due.getTime();
        if (at <= T0) timeline.at(at, `${check} timer for "${q.title}"`, () => runEscalationCheck(question.id, check), { timer: true });
      }
    });

    for (const [j, a] of q.answers.entries()) {
      timeline.at(answerTimes[j], `answer by ${a.by} to "${q.title}"`, async () => {
        const answer = await postAnswer(await as(a.by), questionIds[i], { body: a.body });
        answerIds[i][j] = answer.id;
      });
    }

    // Votes trickle in after each post; voters are members who can read the category.
    const voters = everyone.filter((u) => canSeeCategory({ id: u, username: u, role: roleOf.get(u)!, reputation: 0 }, visibility));
    const plan = (target: "question" | "answer", author: string, score: number, base: number, salt: number, post: () => string) => {
      votePlan.nextPost();
      for (let k = 0; k < score; k++) {
        const at = latest(base + (k + 1) * 1.7 * HOUR);
        const voter = votePlan.pick(voters, author, at, salt * 7 + k);
        timeline.at(at, `vote by ${voter} on a ${target} in "${q.title}"`, async () => castVote(await as(voter), { target, id: post(), value: 1 }));
      }
    };
    plan("question", q.by, q.score ?? 0, asked, i, () => questionIds[i]);
    q.answers.forEach((a, j) => plan("answer", a.by, a.score ?? 0, answerTimes[j], i + j + 1, () => answerIds[i][j]));

    // The asker marks the solution a couple of hours after it came.
    const solution = q.answers.findIndex((a) => a.accepted);
    if (solution !== -1) {
      timeline.at(latest(answerTimes[solution] + 2 * HOUR), `accept in "${q.title}"`, async () => setAccepted(await as(q.by), answerIds[i][solution], true));
    }

    // Staff triage: an escalated case that has had an expert reply since waits on the customer.
    const expert = q.answers.findIndex((a) => stopsTheClock(roleOf.get(a.by)!));
    if (expert !== -1) {
      const worker = i % 2 ? priya : leo;
      timeline.at(latest(answerTimes[expert] + 20 * MINUTE), `triage "${q.title}"`, async () => {
        const me = await as(worker);
        const c = await caseOf(me, questionIds[i]);
        if (c?.state === "escalated" && c.clockStoppedAt) await setStatus(me, questionIds[i], { status: "waiting_on_customer" });
      });
    }

    if (q.duplicateOf) {
      const original = byTitle.get(q.duplicateOf.title);
      if (original === undefined || original === i) throw new Error(`seed: "${q.title}" duplicates a question the seed does not have`);
      const closer = q.duplicateOf.by;
      timeline.at(latest(Math.max(asked, ...answerTimes) + 3 * MINUTE), `close "${q.title}" as a duplicate`, async () =>
        closeAsDuplicate(await as(closer), questionIds[i], { of: questionIds[original] }),
      );
    }

    planViews(timeline, q, i, asked, T0, () => questionIds[i]);
  }

  // ---- Staff at work today: the parcel question went private with Priya; Leo has the Beam subwoofer one.
  const find = (test: (q: DemoQuestion) => boolean) => {
    const i = demoQuestions.findIndex(test);
    if (i === -1) throw new Error("seed: a staff story lost its question");
    const q = demoQuestions[i];
    return { i, q, asked: ago(q.daysAgo * DAY + ((i * 7) % 20) * HOUR + 30 * MINUTE) };
  };
  const parcel = find((q) => q.body.startsWith("Tracking says"));
  const parcelId = () => questionIds[parcel.i];
  const at = (base: number, minutes: number) => latest(base + minutes * MINUTE);
  timeline.at(at(parcel.asked, 10), "the asker asks for staff", async () => escalate(await as(parcel.q.by), parcelId(), { reason: "The parcel is worth 300 euros and the tracking says it arrived." }));
  timeline.at(at(parcel.asked, 20), "Priya claims the parcel case", async () => claim(await as(priya), parcelId()));
  timeline.at(at(parcel.asked, 21), "Priya takes it private", async () => moveToPrivate(await as(priya), parcelId()));
  timeline.at(at(parcel.asked, 22), "Priya writes privately", async () =>
    postPrivateMessage(await as(priya), parcelId(), { body: "Hi! I'm sorry about this. Could you confirm the order number and the delivery address? I'll open a trace with the carrier." }),
  );
  timeline.at(at(parcel.asked, 31), "the asker answers privately", async () =>
    postPrivateMessage(await as(parcel.q.by), parcelId(), { body: "Order NB-208811, the address is the one on my account (flat 3B)." }),
  );
  timeline.at(at(parcel.asked, 40), "Priya's note", async () => addNote(await as(priya), parcelId(), { body: staffNote.parcel }));

  const beam = find((q) => q.body.includes("wireless sub"));
  const beamId = () => questionIds[beam.i];
  timeline.at(at(beam.asked, 75), "Nora gives Leo the Beam case", async () => assign(await as(nora), beamId(), { username: leo }));
  timeline.at(ago(30 * MINUTE), "Leo's note", async () => addNote(await as(leo), beamId(), { body: staffNote.beam }));
  timeline.at(ago(25 * MINUTE), "Leo answers with a saved reply", async () =>
    useSavedReply(await as(leo), beamId(), {
      replyId: replyIds.get("Re-pair after a firmware update")!,
      extra: "A fix for subwoofers made before 2024 (firmware 7.1.2) is on its way; these steps get the sub back until then.",
    }),
  );

  planTownhalls(timeline, { T0, as, nora, leo, priya });

  // ---- Moderation this week: a spammer's link answer held and removed, an off-topic reply
  // two members flagged (waiting in the review queue), and a blunt answer an advocate hid
  // that Priya kept: criticism stays, abuse goes.
  const open = demoQuestions.flatMap((q, i) => (!q.duplicateOf && !demoCategories.find((c) => c.slug === q.category)?.visibility && q.daysAgo > 3 ? [i] : []));
  const [spamOn, offTopicOn, bluntOn] = [open[0], open[1], open[2]];
  let spamAnswer = "";
  timeline.at(ago(3 * DAY), "a spammer signs up", async () => signup({ email: "deals4u@example.com", username: spammerUsername, password: demoPassword }));
  timeline.at(ago(3 * DAY) + 5 * MINUTE, "the spammer's link answer is held", async () => {
    spamAnswer = (await postAnswer(await as(spammerUsername), questionIds[spamOn], { body: "Get 80% off all headphones today only at https://cheap-audio-deals.example/offer — limited stock!" })).id;
  });
  timeline.at(ago(3 * DAY) + 40 * MINUTE, "Leo deletes the spam from the review queue", async () => {
    const leoActor = await as(leo);
    const item = (await reviewQueue(leoActor, {})).items.find((i) => i.target.id === spamAnswer);
    if (!item) throw new Error("seed: the spam answer was not held");
    await resolveReview(leoActor, item.id, { action: "delete" });
  });
  timeline.at(ago(3 * DAY) + 42 * MINUTE, "Leo suspends the spammer for two weeks", async () =>
    suspendUser(await as(leo), spammerUsername, { until: new Date(T0 + 11 * DAY).toISOString(), reason: "Advertising links in answers. Write to support if this was a mistake." }),
  );
  let offTopic = "";
  timeline.at(ago(20 * HOUR), "an off-topic reply", async () => {
    offTopic = (await postAnswer(await as("will_x"), questionIds[offTopicOn], { body: "Off topic, but is anyone selling a used Beam soundbar? Send me a message." })).id;
  });
  timeline.at(ago(19 * HOUR), "a member flags it", async () => flagPost(await as("zoe_q"), { target: "answer", id: offTopic, reason: "off_topic" }));
  timeline.at(ago(18 * HOUR), "another member flags it", async () => flagPost(await as("yusuf_z"), { target: "answer", id: offTopic, reason: "off_topic", note: "A sales post; the forum has no marketplace." }));
  let blunt = "";
  timeline.at(ago(30 * HOUR), "a blunt answer", async () => {
    blunt = (await postAnswer(await as("frank_m"), questionIds[bluntOn], { body: "Honestly the last firmware made this worse for me too. Rolling back to 4.1 was the only thing that helped." })).id;
  });
  timeline.at(ago(29 * HOUR), "an advocate hides it at once", async () => flagPost(await as(demoAdvocates[0]), { target: "answer", id: blunt, reason: "abusive" }));
  timeline.at(ago(27 * HOUR), "Priya keeps it", async () => {
    const priyaActor = await as(priya);
    const item = (await reviewQueue(priyaActor, {})).items.find((i) => i.target.id === blunt);
    if (!item) throw new Error("seed: the flagged answer is not in the queue");
    await resolveReview(priyaActor, item.id, { action: "keep" });
  });

  // Everyone caught up with their notifications two days ago; what came since is unread.
  for (const [k, username] of everyone.entries()) timeline.at(ago(2 * DAY) + k * MINUTE, `${username} reads notifications`, async () => markRead(await as(username)));

  try {
    await timeline.play(async () => {
      await runQueuedJobs("badges.check");
      await runQueuedJobs("watchers.fanout");
    });
  } finally {
    setClock(null);
  }
  // The present: what the worker would find due now (nothing the history has not handled already).
  await runQueuedJobs("badges.check");
  await runQueuedJobs("escalation.due");
  await runQueuedJobs("townhall.remind");
  await runQueuedJobs("watchers.fanout");
  // The demo's addresses are examples that can receive nothing: count them as confirmed, so
  // members see no "confirm your email" banner and mail settings apply (the verification mail queued at each sign-up is dropped when sent).
  await db().update(users).set({ emailVerifiedAt: sql`${users.createdAt}` }).where(isNull(users.emailVerifiedAt));
  await seedAvatarsAndDevices(as);
  // This week's digest for the members who follow a category, so the mail outbox (/admin/mail) shows what followers receive.
  await sendWeeklyDigests(new Date());
  await runQueuedJobs("mail.send");
  return summarise();
}

/**
 * A few members upload an avatar (a drawn badge of their own colour, so the
 * demo shows pictures beside initials), and ben_k is signed in on a laptop
 * and a phone, so the sessions page has something to revoke.
 */
async function seedAvatarsAndDevices(as: (username: string) => Promise<Actor>) {
  const colours: [string, string][] = [
    ["ben_k", "#0f766e"],
    ["chloe_w", "#7c3aed"],
    ["audio_amir", "#b45309"],
  ];
  for (const [username, colour] of colours) {
    const user = await findUserByUsername(username);
    if (!user) continue;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${colour}"/><circle cx="128" cy="104" r="46" fill="#ffffff" fill-opacity="0.9"/><ellipse cx="128" cy="230" rx="86" ry="64" fill="#ffffff" fill-opacity="0.9"/></svg>`;
    await storeAvatar(user.id, await sharp(Buffer.from(svg)).png().toBuffer());
  }
  const ben = await as("ben_k");
  const devices = [
    { userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", ip: "203.0.113.24", daysAgo: 21, seenHoursAgo: 2 },
    { userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", ip: "198.51.100.61", daysAgo: 6, seenHoursAgo: 30 },
  ];
  for (const d of devices) {
    // Straight to the session store: these are history, not sign-ins to tell ben about.
    const { sessionId } = await startSession(ben.id, false, { userAgent: d.userAgent, ip: d.ip });
    await db()
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - d.daysAgo * DAY), lastSeenAt: new Date(Date.now() - d.seenHoursAgo * HOUR) })
      .where(eq(sessions.id, sessionId));
  }
}

async function caseOf(actor: Actor, questionId: string) {
  try {
    return await getCase(actor, questionId);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/**
 * Chooses voters as real members vote: never twice on one post, and never so
 * often that the forum's own rules would call it a voting ring or a flood
 * (the pair limit and the daily vote limit are the product's).
 */
class VotePlan {
  private counts = new Map<string, number>();
  private onPost = new Set<string>();
  private posts = 0;

  private bump(key: string) {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  pick(voters: string[], author: string, at: number, start: number): string {
    const day = new Date(at).toISOString().slice(0, 10);
    const minute = Math.floor(at / MINUTE);
    const candidates = voters.filter((v) => v !== author);
    for (let k = 0; k < candidates.length; k++) {
      const v = candidates[(start + k) % candidates.length];
      const post = `${this.posts}:${v}`;
      if (this.onPost.has(post)) continue;
      if ((this.counts.get(`pair:${v}:${author}:${day}`) ?? 0) >= PAIR_VOTES_PER_DAY) continue;
      if ((this.counts.get(`day:${v}:${day}`) ?? 0) >= VOTES_PER_DAY) continue;
      if ((this.counts.get(`minute:${v}:${minute}`) ?? 0) >= 20) continue;
      this.onPost.add(post);
      this.bump(`pair:${v}:${author}:${day}`);
      this.bump(`day:${v}:${day}`);
      this.bump(`minute:${v}:${minute}`);
      return v;
    }
    throw new Error(`seed: nobody left to vote for ${author}'s post`);
  }

  /** The next picks are for another post. */
  nextPost() {
    this.posts++;
  }
}

/**
 * Page views, as the question page counts them (once per viewer a day): the
 * askers' neighbours and passers-by, spread over the question's life.
 */
function planViews(timeline: Timeline, q: DemoQuestion, i: number, asked: number, T0: number, id: () => string) {
  const views = 20 + ((i * 37) % 400);
  const days = Math.max(1, Math.ceil((T0 - asked) / DAY));
  // One step a day: most views come in the first days.
  const perDay: number[] = Array.from({ length: days }, () => 0);
  for (let k = 0; k < views; k++) perDay[Math.min(days - 1, Math.floor(days * (k / views) ** 2))]++;
  let n = 0;
  perDay.forEach((count, d) => {
    if (!count) return;
    const at = Math.min(asked + d * DAY + HOUR, T0 - MINUTE);
    const first = n;
    n += count;
    timeline.at(at, `${count} views of "${q.title}"`, async () => {
      for (let k = first; k < first + count; k++) await recordView(id(), `anon:seed-${i}-${k}`);
    });
  });
}

interface TownhallCast {
  T0: number;
  as: (username: string) => Promise<Actor>;
  nora: string;
  leo: string;
  priya: string;
}

/** Town halls: one in the archive with its answers, one coming up with questions collected in advance. */
function planTownhalls(timeline: Timeline, { T0, as, nora, leo, priya }: TownhallCast) {
  const ago = (ms: number) => T0 - ms;
  let archiveId = "";
  const archiveStart = ago(10 * DAY);
  timeline.at(ago(17 * DAY), "schedule the Air Pro AMA", async () => {
    const t = await scheduleTownhall(await as(leo), {
      title: archivedTownhallTitle,
      description: "Air Pro **firmware 4.2** brought multipoint and a new noise-cancelling mode. The audio team answered your questions live.",
      startsAt: new Date(archiveStart),
      durationMinutes: 45,
      moderated: false,
    });
    archiveId = t.id;
  });
  ["chloe_w", "diego_r", "frank_m", "elif_s", "ben_k"].forEach((u, k) =>
    timeline.at(ago(16 * DAY) + k * 3 * HOUR, `${u} will attend the AMA`, async () => rsvp(await as(u), archiveId, true)),
  );
  // What the reminder job does fifteen minutes before the start.
  timeline.at(archiveStart - 15 * MINUTE, "the AMA reminder", () => runQueuedJobs("townhall.remind"), { timer: true });
  timeline.at(archiveStart, "the AMA starts", async () => startTownhall(await as(leo), archiveId));
  const live = [
    { by: "chloe_w", body: "Does multipoint work with a Mac and an iPhone at the same time?", minutes: 3, voters: ["ben_k", "diego_r", "frank_m", "audio_amir", "elif_s"], answer: "Yes. Pair both, then turn on *Multipoint* in the app under Connections. Audio follows whichever device starts playing." },
    { by: "diego_r", body: "Why does noise cancelling sound different after 4.2?", minutes: 9, voters: ["ben_k", "elif_s", "grace_l"], answer: "4.2 adds an adaptive mode that reacts to wind noise. If you prefer the old behaviour, pick *Classic ANC* in the sound settings." },
    { by: "frank_m", body: "Will 4.2 come to the original Air earbuds?", minutes: 15, voters: ["chloe_w", "hubmaster_jo"], answer: "The original Air gets multipoint in 4.3; the adaptive ANC mode needs the Air Pro's extra microphones." },
    { by: "elif_s", body: "Can I rename my earbuds in the app?", minutes: 20, voters: ["ben_k"] },
  ];
  for (const q of live) {
    let id = "";
    const askedAt = archiveStart + q.minutes * MINUTE;
    timeline.at(askedAt, `${q.by} asks at the AMA`, async () => {
      id = (await askTownhallQuestion(await as(q.by), archiveId, { body: q.body })).id;
    });
    q.voters.forEach((v, k) => timeline.at(askedAt + (k + 1) * 20_000, `${v} votes at the AMA`, async () => voteTownhallQuestion(await as(v), archiveId, id, { value: 1 })));
    if (q.answer) {
      const answer = q.answer;
      timeline.at(askedAt + 3 * MINUTE, "Leo takes a question", async () => moderateTownhallQuestion(await as(leo), archiveId, id, { action: "answering" }));
      timeline.at(askedAt + 5 * MINUTE, "Leo answers it", async () => moderateTownhallQuestion(await as(leo), archiveId, id, { action: "answered", answer }));
    }
  }
  timeline.at(archiveStart + 50 * MINUTE, "the AMA ends", async () => endTownhall(await as(leo), archiveId));

  let upcomingId = "";
  const startsAt = new Date(T0 + 2 * DAY);
  startsAt.setUTCHours(16, 0, 0, 0);
  timeline.at(ago(5 * DAY), "schedule the Hub 5.0 town hall", async () => {
    const t = await scheduleTownhall(await as(nora), {
      title: upcomingTownhallTitle,
      description: "The Hub team walks through **Hub 5.0**: Matter over Thread, faster automations and the new energy dashboard. Ask ahead, vote on what you want answered, and join live.",
      startsAt,
      durationMinutes: 60,
      moderated: true,
      cohosts: [priya],
      streamUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    });
    upcomingId = t.id;
  });
  ["ben_k", "chloe_w", "diego_r", "elif_s", "frank_m"].forEach((u, k) =>
    timeline.at(ago(4 * DAY) + k * 5 * HOUR, `${u} will attend Hub 5.0`, async () => rsvp(await as(u), upcomingId, true)),
  );
  const ahead = [
    { by: "ben_k", body: "Will my existing Zigbee sensors keep working after the 5.0 update?", hoursAgo: 5, voters: ["chloe_w", "diego_r", "elif_s", "frank_m"], approve: true },
    { by: "hubmaster_jo", body: "Can automations run locally when the internet is down?", hoursAgo: 4, voters: ["ben_k", "audio_amir"], approve: true },
    // Still waiting for the hosts: a moderated town hall shows it to its author and the hosts only.
    { by: "grace_l", body: "Is the energy dashboard coming to the Android app at the same time?", hoursAgo: 3, voters: [], approve: false },
  ];
  for (const q of ahead) {
    let id = "";
    const askedAt = ago(q.hoursAgo * HOUR);
    timeline.at(askedAt, `${q.by} asks ahead of Hub 5.0`, async () => {
      id = (await askTownhallQuestion(await as(q.by), upcomingId, { body: q.body })).id;
    });
    if (q.approve) timeline.at(askedAt + 10 * MINUTE, "Priya approves a question", async () => moderateTownhallQuestion(await as(priya), upcomingId, id, { action: "approve" }));
    q.voters.forEach((v, k) => timeline.at(askedAt + 15 * MINUTE + k * 7 * MINUTE, `${v} votes ahead of Hub 5.0`, async () => voteTownhallQuestion(await as(v), upcomingId, id, { value: 1 })));
  }
}

/** What the seed made, counted from the rows. */
async function summarise(): Promise<SeedSummary> {
  const [row] = rowsOf<Record<string, number>>(
    await db().execute(sql`
      select
        (select count(*) from users)::int as members,
        (select count(*) from categories)::int as categories,
        (select count(*) from questions)::int as questions,
        (select count(*) from answers)::int as answers,
        (select count(*) from votes)::int as votes,
        (select count(*) from townhall_votes)::int as townhall_votes,
        (select count(*) from user_badges)::int as badges,
        (select count(*) from support_cases)::int as cases,
        (select count(*) from support_cases where state = 'assigned')::int as assigned,
        (select count(*) from support_cases where is_private)::int as private_cases,
        (select count(*) from townhalls)::int as townhalls,
        (select count(*) from townhall_questions)::int as townhall_questions,
        (select count(*) from saved_replies)::int as saved_replies,
        (select count(*) from staff_notes)::int as notes,
        (select count(*) from reputation_events)::int as reputation_events`),
  );
  const n = (k: string) => Number(row[k]);
  // The queue's own counts: open cases, and those overdue now.
  const lead = await findUserByUsername(demoStaff[0].username);
  const { counts } = await getStaffQueue(lead ? toActor(lead) : null, { limit: 1 });
  return {
    members: n("members"),
    categories: n("categories"),
    questions: n("questions"),
    answers: n("answers"),
    votes: n("votes"),
    badges: n("badges"),
    cases: { total: n("cases"), open: counts.open, breached: counts.breached, assigned: n("assigned"), private: n("private_cases") },
    townhalls: n("townhalls"),
    townhallQuestions: n("townhall_questions"),
    townhallVotes: n("townhall_votes"),
    savedReplies: n("saved_replies"),
    notes: n("notes"),
    reputationEvents: n("reputation_events"),
  };
}
