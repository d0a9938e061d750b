/**
 * Fills a PostgreSQL database with a large, plausible forum for the
 * benchmarks: ~2,000 users, the 6 demo categories, N questions and 5N answers.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench \
 *     node --import tsx tests/bench/generate.ts --questions 100000 [--users 2000] [--seed 1] [--reset]
 *
 * Rows go in through COPY (one stream per table, one transaction), which is
 * an order of magnitude faster than INSERTs through the ORM; the migrations
 * still come from the app, so the schema is exactly what the server expects.
 *
 * Not generated: votes, revisions, notifications and search documents. Scores
 * are therefore not backed by vote rows, so do not run a score-vs-ledger check
 * on a bench database; and nothing is indexed in Meilisearch.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres, { type TransactionSql } from "postgres";
import { hashPassword } from "../../app/auth/password.server";
import { openDatabase } from "../../db/client.server";
import { newId } from "../../db/ids";
import { demoCategories } from "../../db/seed-data";
import { benchPassword, benchStaff, hasFlag, intFlag, postgresOptions, requireLocalDatabaseUrl } from "./shared";
import { seededRandom } from "../support/seeded-random";

const DAY = 24 * 3600 * 1000;
const questionCount = intFlag("questions", 100_000);
const userCount = intFlag("users", 2_000, 20);
const answerCount = questionCount * 5;
const seed = intFlag("seed", 1, 0);
const reset = hasFlag("reset");
const databaseUrl = requireLocalDatabaseUrl();

if (answerCount < 10) {
  console.error("--questions must allow at least one question with 10 answers (use 2 or more).");
  process.exit(2);
}

// ---------------------------------------------------------------- randomness

const random = seededRandom(seed);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Draws an index by weight. */
function weighted(weights: readonly number[]): number {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

// ---------------------------------------------------------------- text

const products = ["Air", "Air Pro", "Studio", "Arc", "Pulse", "Beam", "Hub", "Sense thermostat", "Cam", "Band", "Watch", "Nimbus app"];
const problems = [
  "keeps disconnecting",
  "will not pair",
  "drains its battery overnight",
  "stopped updating firmware",
  "has no sound on the left side",
  "loses Wi-Fi every evening",
  "shows the wrong time",
  "does not charge past 80%",
  "crackles at high volume",
  "is stuck on the logo",
  "cannot find my other devices",
  "lags behind the video",
];
const contexts = [
  "after the latest update",
  "with my Windows laptop",
  "on Android 14",
  "since I moved house",
  "when I use two devices",
  "in multi-room mode",
  "out of the box",
  "after a factory reset",
  "on iOS 17",
  "every few minutes",
];
const openers = ["Help:", "Why", "Anyone else:", "Question:", ""];
const sentences = [
  "I have tried restarting both devices and the problem comes back within an hour.",
  "Firmware is up to date according to the app, and I reinstalled the app twice.",
  "It worked fine for the first three weeks, so I do not think the unit is faulty.",
  "The status light blinks amber twice and then goes dark.",
  "My router is a dual-band model and the speaker is on the 2.4 GHz network.",
  "Support suggested a reset, which helped for a day and no longer does.",
  "Is there a setting I am missing, or should I ask for a replacement?",
  "Other devices in the house are fine, so the network seems healthy.",
  "I also noticed the battery estimate jumps from 60% to 20% in a few minutes.",
  "Turning off the power saving option made no difference at all.",
  "Go to Settings, then Devices, and remove the pairing before you add it again.",
  "Hold the button for fifteen seconds until the light turns white, then release it.",
  "This is a known issue with firmware 4.2; version 4.3 fixed it for me.",
  "Check that the app has permission to use Bluetooth in the background.",
  "Move the hub away from the microwave; interference on 2.4 GHz causes exactly this.",
  "If it is still under warranty, open a claim from the Orders page and they ship a new one.",
  "Switching the codec from AAC to SBC in developer options solved the dropouts.",
  "A full charge cycle recalibrates the battery gauge; let it drain and charge overnight.",
  "I had the same problem and a new cable fixed it: the old one only carried power.",
  "Disable the automatic ear detection and see whether the audio stays on.",
];
const tagPool = [
  "bluetooth", "wifi", "firmware", "battery", "pairing", "ios", "android", "windows", "macos", "noise-cancelling",
  "multi-room", "update", "warranty", "charging", "sound", "app", "alexa", "google-home", "automation", "sleep",
  "fitness", "notifications", "strap", "shipping", "returns", "reset", "latency", "microphone", "camera", "thermostat",
];

function title(): string {
  const words = [pick(openers), "Nimbus", pick(products), pick(problems), pick(contexts)].filter(Boolean).join(" ");
  // Titles are 30 to 100 characters: pad short ones with a question, cut long ones at a word.
  let t = words.length < 30 ? `${words}, what can I do?` : words;
  if (t.length > 100) t = t.slice(0, t.lastIndexOf(" ", 100));
  return t;
}

function paragraph(min: number, max: number): string {
  const n = int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(sentences));
  return out.join(" ");
}

function body(paragraphs: number, min: number, max: number): string {
  const parts: string[] = [];
  for (let i = 0; i < paragraphs; i++) parts.push(paragraph(min, max));
  return parts.join("\n\n");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** What the sanitiser would store for plain paragraphs; no markdown in generated text. */
const toHtml = (text: string) => text.split("\n\n").map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");

// ---------------------------------------------------------------- COPY

type Cell = string | number | null | Date | readonly string[];

/** PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes. */
function copyValue(v: Cell): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  if (v instanceof Date) return v.toISOString();
  // Tags are [a-z0-9-] words, so an unquoted array literal is safe.
  if (Array.isArray(v)) return `{${v.join(",")}}`;
  return (v as string).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** Streams rows into `copy <table> (<columns>) from stdin`, in chunks of lines to keep the stream cheap. */
async function copyInto(sql: TransactionSql, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>) {
  function* chunks() {
    let buf = "";
    let n = 0;
    for (const row of rows) {
      buf += row.map(copyValue).join("\t") + "\n";
      if (++n % 2000 === 0) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  }
  const writable = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
  await pipeline(Readable.from(chunks()), writable);
}

// ---------------------------------------------------------------- the plan

interface UserRow {
  id: string;
  username: string;
  role: "customer" | "advocate" | "staff";
}

interface QuestionPlan {
  id: string;
  answers: number;
  /** Index of the accepted answer among this question's answers, or -1. */
  accepted: number;
  acceptedId: string | null;
  createdAt: number;
  lastActivityAt: number;
}

const now = Date.now();

function planUsers(): UserRow[] {
  const users: UserRow[] = [{ id: newId(), username: benchStaff.username, role: "staff" }];
  for (let i = 1; i < userCount; i++) {
    // About 3% advocates and 0.5% staff, as in a real brand community.
    const role = i % 200 === 0 ? "staff" : i % 33 === 0 ? "advocate" : "customer";
    users.push({ id: newId(), username: `user_${String(i).padStart(5, "0")}`, role });
  }
  return users;
}

/**
 * Answer counts per question average exactly 5, from 0 to 9, except one
 * question (the oldest) with exactly 10: the benchmarks' "question page with
 * 10 answers".
 */
function planQuestions(): QuestionPlan[] {
  // Roughly 8% unanswered; most questions get a handful of answers.
  const countWeights = [8, 6, 7, 9, 10, 11, 12, 13, 12, 12];
  const counts = Array.from({ length: questionCount }, (_, i) => (i === 0 ? 10 : weighted(countWeights)));
  let diff = answerCount - counts.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = 1 + Math.floor(random() * (questionCount - 1));
    if (diff > 0 && counts[i] < 9) {
      counts[i]++;
      diff--;
    } else if (diff < 0 && counts[i] > 0) {
      counts[i]--;
      diff++;
    }
  }

  const answered = counts.filter((c) => c > 0).length;
  // ~40% of all questions are solved; only answered ones can be.
  const acceptRate = Math.min(1, (0.4 * questionCount) / answered);
  const span = 2 * 365 * DAY;
  return counts.map((answers, i) => {
    const lastActivityAt = now - 3600_000 - Math.floor(random() * span);
    // Unanswered questions last moved when they were asked; answered ones were asked minutes to weeks earlier.
    const age = answers === 0 ? 0 : Math.floor(600_000 + random() * random() * 20 * DAY);
    // The target question is the oldest of all, which is how the benchmarks find it again.
    const createdAt = i === 0 ? now - span - 30 * DAY : lastActivityAt - age;
    const accepted = answers > 0 && (i === 0 || random() < acceptRate) ? Math.floor(random() * answers) : -1;
    return { id: newId(), answers, accepted, acceptedId: accepted >= 0 ? newId() : null, createdAt, lastActivityAt };
  });
}

// ---------------------------------------------------------------- rows

function* userRows(users: UserRow[], passwordHash: string): Generator<Cell[]> {
  const joined = now - 3 * 365 * DAY;
  for (const u of users) {
    const createdAt = new Date(joined + Math.floor(random() * 100 * DAY));
    yield [u.id, `${u.username}@bench.example`, u.username, null, passwordHash, u.role, 0, null, createdAt, createdAt];
  }
}

function* questionRows(plans: QuestionPlan[], users: UserRow[], categoryIds: string[]): Generator<Cell[]> {
  for (const q of plans) {
    const text = body(int(1, 3), 2, 4);
    const tags = Array.from(new Set(Array.from({ length: int(1, 3) }, () => pick(tagPool))));
    const score = random() < 0.05 ? -int(1, 3) : Math.floor(random() * random() * 40);
    const created = new Date(q.createdAt);
    yield [
      q.id, pick(users).id, pick(categoryIds), title(), text, toHtml(text), tags,
      q.acceptedId ? "solved" : "open", score, q.answers, Math.floor(random() * random() * 5000),
      q.acceptedId, created, created, new Date(q.lastActivityAt), null,
    ];
  }
}

function* answerRows(plans: QuestionPlan[], answerers: UserRow[]): Generator<Cell[]> {
  for (const q of plans) {
    for (let j = 0; j < q.answers; j++) {
      // Spread between the question and its last activity; the last answer is the last activity.
      const at = j === q.answers - 1 ? q.lastActivityAt : q.createdAt + Math.floor(((j + random()) / q.answers) * (q.lastActivityAt - q.createdAt));
      const text = body(int(1, 2), 1, 3);
      const isAccepted = j === q.accepted;
      const score = isAccepted ? int(2, 30) : Math.floor(random() * random() * 12);
      const created = new Date(at);
      yield [isAccepted ? q.acceptedId : newId(), q.id, pick(answerers).id, text, toHtml(text), score, created, created, null];
    }
  }
}

// ---------------------------------------------------------------- main

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const began = Date.now();
  const result = await work();
  console.log(`  ${label.padEnd(34)} ${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

async function main() {
  const began = Date.now();
  console.log(`Generating ${questionCount.toLocaleString("en")} questions, ${answerCount.toLocaleString("en")} answers, ${userCount.toLocaleString("en")} users (seed ${seed})`);

  await timed("migrations", async () => {
    const handle = await openDatabase({ databaseUrl, dataDir: "" });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
  });

  const sql = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  try {
    const [{ n }] = await sql<{ n: number }[]>`select (select count(*) from questions)::int + (select count(*) from users)::int as n`;
    if (n > 0 && !reset) {
      console.error("The database already has users or questions. Pass --reset to empty it first (it truncates every forum table).");
      process.exitCode = 2;
      return;
    }

    const passwordHash = await timed("password hash (argon2, once)", () => hashPassword(benchPassword));
    const users = planUsers();
    const plans = planQuestions();
    // Answers come mostly from advocates and staff, as in the communities this forum models.
    const helpers = users.filter((u) => u.role !== "customer");
    const answerers = [...users, ...helpers, ...helpers, ...helpers, ...helpers, ...helpers];
    const categoryIds = demoCategories.map(() => newId());

    await sql.begin(async (tx) => {
      // Bulk load: no need to wait for the WAL flush of one giant transaction twice.
      await tx`set local synchronous_commit = off`;
      if (reset) {
        await timed("truncate", async () => {
          const tables = await tx<{ name: string }[]>`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`;
          if (tables.length) await tx.unsafe(`truncate ${tables.map((t) => t.name).join(", ")} cascade`);
        });
      }
      await timed("users", () =>
        copyInto(tx, "users", ["id", "email", "username", "display_name", "password_hash", "role", "reputation", "bio", "created_at", "updated_at"], userRows(users, passwordHash)),
      );
      await timed("categories", () =>
        copyInto(
          tx,
          "categories",
          ["id", "slug", "name", "description", "position", "created_at"],
          demoCategories.map((c, i) => [categoryIds[i], c.slug, c.name, c.description, i, new Date(now - 3 * 365 * DAY)]),
        ),
      );
      await timed(`questions (${questionCount.toLocaleString("en")})`, () =>
        copyInto(
          tx,
          "questions",
          ["id", "author_id", "category_id", "title", "body", "html", "tags", "status", "score", "answer_count", "view_count", "accepted_answer_id", "created_at", "updated_at", "last_activity_at", "deleted_at"],
          questionRows(plans, users, categoryIds),
        ),
      );
      await timed(`answers (${answerCount.toLocaleString("en")})`, () =>
        copyInto(tx, "answers", ["id", "question_id", "author_id", "body", "html", "score", "created_at", "updated_at", "deleted_at"], answerRows(plans, answerers)),
      );
    });

    // Fresh statistics and a visibility map, so the benchmarks see the plans a settled database gets.
    await timed("vacuum analyze", () => sql`vacuum analyze users, categories, questions, answers`.then(() => undefined));

    const [check] = await sql<{ questions: number; answers: number; solved: number; consistent: boolean }[]>`
      select (select count(*) from questions)::int as questions,
             (select count(*) from answers)::int as answers,
             (select count(*) from questions where accepted_answer_id is not null)::int as solved,
             not exists (
               select 1 from questions q
               left join (select question_id, count(*) as n from answers group by question_id) a on a.question_id = q.id
               where q.answer_count <> coalesce(a.n, 0)
             ) as consistent`;
    const target = plans[0];
    console.log(`Done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    console.log(`  questions ${check.questions}, answers ${check.answers}, solved ${check.solved} (${((100 * check.solved) / check.questions).toFixed(1)}%), answer_count consistent: ${check.consistent}`);
    console.log(`  staff account for posting: ${benchStaff.username} / ${benchStaff.password}`);
    console.log(`  question with 10 answers: ${target.id}  (/q/${target.id})`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await main();
