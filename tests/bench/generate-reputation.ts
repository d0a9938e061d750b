/**
 * Fills a PostgreSQL database for the reputation benchmark: 100,000 users, the
 * 6 demo categories, 20,000 questions with ~90,000 answers, and a reputation
 * ledger of 5,000,000 events over the last two years, with the sums the app
 * keeps (reputation_totals, users.reputation) computed from that ledger.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench_rep \
 *     node --import tsx tests/bench/generate-reputation.ts [--users 100000] [--events 5000000]
 *       [--questions 20000] [--seed 1] [--reset]
 *
 * Everything is set-based SQL (generate_series, insert … select) in one
 * transaction; the ledger's and the totals' indexes and constraints are
 * dropped while they fill and rebuilt from their own definitions afterwards,
 * so the schema stays exactly what the migrations made. Rows land in the
 * physical order the app would write them: the ledger by time (it is
 * append-only), each totals row at its bucket's first event.
 *
 * Shape: members are ranked by a random (seeded) permutation; answers go to
 * the top 60% of that ranking with a skew (rank = 0.6N·u², so the busiest
 * member writes ~0.4% of all answers and ~40% of members never answer),
 * questions to everyone with a milder skew. Ledger events follow the posts:
 * one `answer_accepted` + `accepted_answer` per solved question, one
 * `first_response` per answered question, and the rest votes on random
 * answers and questions (70% answer upvotes, 18% question upvotes, 7%
 * downvotes, 5% `downvote_cast`) by random voters, dated between the post and
 * now with most soon after the post; 2% of the votes are undone by `reversal`
 * rows. Badges the simple rules already grant and pending advocate
 * nominations are filled in too, so a vote's badge check sees a settled member.
 *
 * Not generated: vote rows (the ledger is not backed by `votes`, and scores
 * are random), notifications, revisions, Meilisearch documents.
 */
import postgres, { type TransactionSql } from "postgres";
import { hashPassword } from "../../app/auth/password.server";
import { openDatabase } from "../../db/client.server";
import { demoCategories } from "../../db/seed-data";
import { benchPassword, benchStaff, hasFlag, intFlag, postgresOptions, requireLocalDatabaseUrl, timed } from "./shared";

const userCount = intFlag("users", 100_000, 20);
const eventCount = intFlag("events", 5_000_000, 1_000);
const questionCount = intFlag("questions", 20_000, 10);
const seed = intFlag("seed", 1, 0);
const reset = hasFlag("reset");
const databaseUrl = requireLocalDatabaseUrl();

/** Share of the votes that a later `reversal` row undoes. */
const REVERSAL_RATE = 0.02;
/** The share of members (by rank) who ever answer. */
const ANSWERER_SHARE = 0.6;

// ---------------------------------------------------------------- text (picked in SQL)

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
];
const contexts = [
  "after the latest update",
  "with my Windows laptop",
  "on Android 14",
  "since I moved house",
  "when I use two devices",
  "in multi-room mode",
  "out of the box",
  "on iOS 17",
];
const sentences = [
  "I have tried restarting both devices and the problem comes back within an hour.",
  "Firmware is up to date according to the app, and I reinstalled the app twice.",
  "It worked fine for the first three weeks, so I do not think the unit is faulty.",
  "The status light blinks amber twice and then goes dark.",
  "Support suggested a reset, which helped for a day and no longer does.",
  "Other devices in the house are fine, so the network seems healthy.",
  "Go to Settings, then Devices, and remove the pairing before you add it again.",
  "Hold the button for fifteen seconds until the light turns white, then release it.",
  "This is a known issue with firmware 4.2; version 4.3 fixed it for me.",
  "Check that the app has permission to use Bluetooth in the background.",
  "Move the hub away from the microwave; interference on 2.4 GHz causes exactly this.",
  "A full charge cycle recalibrates the battery gauge; let it drain and charge overnight.",
];
const tagPool = [
  "bluetooth",
  "wifi",
  "firmware",
  "battery",
  "pairing",
  "ios",
  "android",
  "windows",
  "update",
  "warranty",
  "charging",
  "sound",
  "app",
  "reset",
  "latency",
  "microphone",
];

// ---------------------------------------------------------------- helpers

const n = (v: number) => v.toLocaleString("en");

interface Saved {
  table: string;
  constraints: { name: string; def: string }[];
  indexes: { name: string; def: string }[];
}

/**
 * Drops a table's indexes and its primary/foreign/unique keys, keeping their
 * definitions, so a bulk insert does not maintain six B-trees row by row.
 * Runs inside the caller's transaction: a failure rolls the drop back too.
 */
async function dropIndexes(tx: TransactionSql, table: string): Promise<Saved> {
  const constraints = await tx<{ name: string; def: string }[]>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = ${table}::regclass and contype in ('p', 'u', 'f')
    order by contype = 'f', conname`;
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conrelid = ${table}::regclass and c.conname = i.indexname)`;
  for (const c of constraints) await tx.unsafe(`alter table ${table} drop constraint ${c.name}`);
  for (const i of indexes) await tx.unsafe(`drop index ${i.name}`);
  return { table, constraints, indexes };
}

async function restoreIndexes(tx: TransactionSql, saved: Saved) {
  // Keys first (the primary key's index), then the plain indexes.
  for (const c of saved.constraints) await tx.unsafe(`alter table ${saved.table} add constraint ${c.name} ${c.def}`);
  for (const i of saved.indexes) await tx.unsafe(i.def);
}

// ---------------------------------------------------------------- main

async function main() {
  const began = Date.now();
  console.log(
    `Generating ${n(userCount)} users, ${n(questionCount)} questions (~${n(Math.round(questionCount * 4.5))} answers), ${n(
      eventCount
    )} reputation events (seed ${seed})`
  );

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
    const [{ rows }] = await sql<{ rows: number }[]>`
      select (select count(*) from users)::int + (select count(*) from questions)::int
           + (select count(*) from (select 1 from reputation_events limit 1) e)::int as rows`;
    if (rows > 0 && !reset) {
      console.error(
        "The database already has users, questions or reputation events. Pass --reset to empty it first (it truncates every table in the public schema)."
      );
      process.exitCode = 2;
      return;
    }

    const passwordHash = await timed("password hash (argon2, once)", () => hashPassword(benchPassword));
    // One instant for the whole run, so every "until now" agrees.
    const now = new Date();
    const answerers = Math.max(1, Math.round(userCount * ANSWERER_SHARE));
    const text = {
      products: sql.array(products),
      problems: sql.array(problems),
      contexts: sql.array(contexts),
      sentences: sql.array(sentences),
      tags: sql.array(tagPool),
    };
    let volumes = { answers: 0, fixed: 0, votes: 0, reversals: 0 };

    await sql.begin(async (tx) => {
      await tx`set local synchronous_commit = off`;
      await tx`set local work_mem = '512MB'`;
      await tx`set local maintenance_work_mem = '1GB'`;
      // The ledger is staged in a temporary table (set before the session's first one).
      await tx`set local temp_buffers = '512MB'`;
      // Seeds random() for this session; md5 of the seed makes ids repeatable.
      await tx`select setseed(${(((seed * 0.6180339887) % 1) * 2 - 1) * 0.999}::float8)`;

      if (reset) {
        await timed("truncate", async () => {
          const tables = await tx<{ name: string }[]>`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`;
          if (tables.length) await tx.unsafe(`truncate ${tables.map((t) => t.name).join(", ")} cascade`);
        });
      }

      await timed(`users (${n(userCount)})`, async () => {
        // About 3% advocates and 0.5% staff, as generate.ts; member 0 is bench_staff.
        await tx`
          insert into users (id, email, username, password_hash, role, reputation, created_at, updated_at)
          select substr(md5('user:' || ${seed}::int || ':' || g), 1, 16),
                 case when g = 0 then ${benchStaff.email} else 'member_' || lpad(g::text, 6, '0') || '@bench.example' end,
                 case when g = 0 then ${benchStaff.username} else 'member_' || lpad(g::text, 6, '0') end,
                 ${passwordHash},
                 (case when g = 0 or g % 200 = 0 then 'staff' when g % 33 = 0 then 'advocate' else 'customer' end)::role,
                 0, joined, joined
          from (select g, ${now}::timestamptz - interval '3 years' + random() * interval '900 days' as joined
                from generate_series(0, ${userCount - 1}::int) g offset 0) s`;
        // The activity ranking: a seeded permutation of the members (rank 1 is the busiest).
        await tx`
          create temp table bench_rank on commit drop as
          select row_number() over (order by md5(${seed}::int || ':' || id))::int as rank, id from users`;
        await tx`create unique index on bench_rank (rank)`;
        await tx`analyze bench_rank`;
      });

      await timed("categories", () =>
        tx`
          insert into categories (id, slug, name, description, position, created_at)
          select substr(md5('category:' || slug), 1, 16), slug, name, description, (ord - 1)::int, ${now}::timestamptz - interval '3 years'
          from unnest(${sql.array(demoCategories.map((c) => c.slug))}::text[], ${sql.array(demoCategories.map((c) => c.name))}::text[],
                      ${sql.array(
                        demoCategories.map((c) => c.description)
                      )}::text[]) with ordinality as c(slug, name, description, ord)`.then(() => undefined)
      );

      await timed(`questions (${n(questionCount)})`, async () => {
        // The plan: who asks, where, when, how many answers come (0-9) and which one is accepted (~45% of the answered).
        await tx`
          create temp table bench_q on commit drop as
          with d as materialized (
            select g as n,
                   1 + least(${userCount - 1}::int, floor(${userCount}::int * power(random(), 1.5))::int) as author_rank,
                   1 + floor(random() * ${demoCategories.length}::int)::int as category_pos,
                   ${now}::timestamptz - interval '1 hour' - random() * interval '730 days' as created_at,
                   floor(random() * 10)::int as answers,
                   random() as r_span, random() as r_span2, random() as r_accept, random() as r_which,
                   1 + floor(random() * ${products.length}::int)::int as p, 1 + floor(random() * ${problems.length}::int)::int as pr,
                   1 + floor(random() * ${contexts.length}::int)::int as cx,
                   1 + floor(random() * ${sentences.length}::int)::int as s1, 1 + floor(random() * ${sentences.length}::int)::int as s2,
                   1 + floor(random() * ${sentences.length}::int)::int as s3, random() as r_len,
                   floor(random() * ${tagPool.length}::int)::int as t1, 1 + floor(random() * ${
          tagPool.length - 1
        }::int)::int as t2, random() as r_tags,
                   random() as r_score, random() as r_views
            from generate_series(1, ${questionCount}::int) g
          )
          select d.n, substr(md5('question:' || ${seed}::int || ':' || d.n), 1, 16) as id, r.id as author_id,
                 c.id as category_id, d.created_at, d.answers,
                 -- Answers arrive over minutes to weeks, never after now.
                 least(${now}::timestamptz - d.created_at - interval '1 minute', interval '10 minutes' + d.r_span * d.r_span2 * interval '20 days') as span,
                 case when d.answers > 0 and d.r_accept < 0.45 then 1 + floor(d.r_which * d.answers)::int end as accepted_j,
                 'Nimbus ' || (${text.products}::text[])[d.p] || ' ' || (${text.problems}::text[])[d.pr] || ' ' || (${
          text.contexts
        }::text[])[d.cx] as title,
                 (${text.sentences}::text[])[d.s1] || ' ' || (${text.sentences}::text[])[d.s2]
                   || case when d.r_len < 0.5 then ' ' || (${text.sentences}::text[])[d.s3] else '' end as body,
                 case when d.r_tags < 0.5 then array[(${text.tags}::text[])[1 + d.t1]]
                      else array[(${text.tags}::text[])[1 + d.t1], (${text.tags}::text[])[1 + (d.t1 + d.t2) % ${
          tagPool.length
        }::int]] end as tags,
                 case when d.r_score < 0.05 then -1 else floor(d.r_score * d.r_score * 40)::int end as score,
                 floor(d.r_views * d.r_views * 5000)::int as view_count
          from d
          join bench_rank r on r.rank = d.author_rank
          join categories c on c.position = d.category_pos - 1`;
        await tx`create unique index on bench_q (n)`;
        await tx`analyze bench_q`;
        await tx`
          insert into questions (id, author_id, category_id, title, body, html, tags, status, score, answer_count, view_count,
                                 accepted_answer_id, created_at, updated_at, last_activity_at)
          select q.id, q.author_id, q.category_id, q.title, q.body, '<p>' || q.body || '</p>', q.tags,
                 (case when q.accepted_j is not null then 'solved' else 'open' end)::question_status,
                 q.score, q.answers, q.view_count,
                 case when q.accepted_j is not null then substr(md5('answer:' || ${seed}::int || ':' || q.n || ':' || q.accepted_j), 1, 16) end,
                 q.created_at, q.created_at, case when q.answers > 0 then q.created_at + q.span else q.created_at end
          from bench_q q`;
      });

      volumes.answers = await timed("answers", async () => {
        // Answer j of a question comes at j/answers of its span; authors are the skewed top of the ranking.
        await tx`
          create temp table bench_a on commit drop as
          with d as materialized (
            select q.n as qn, j, q.answers, q.accepted_j, q.created_at as q_created_at, q.span,
                   1 + least(${answerers - 1}::int, floor(${answerers}::int * power(random(), 2))::int) as author_rank,
                   1 + floor(random() * ${sentences.length}::int)::int as s1, 1 + floor(random() * ${sentences.length}::int)::int as s2,
                   random() as r_score
            from bench_q q cross join lateral generate_series(1, q.answers) j
          )
          select row_number() over (order by d.qn, d.j)::int as n,
                 substr(md5('answer:' || ${seed}::int || ':' || d.qn || ':' || d.j), 1, 16) as id,
                 d.qn, d.j, q.id as question_id, q.author_id as question_author_id, q.category_id, d.q_created_at,
                 r.id as author_id, d.q_created_at + d.span * (d.j::float8 / d.answers) as created_at,
                 (${text.sentences}::text[])[d.s1] || ' ' || (${text.sentences}::text[])[d.s2] as body,
                 case when d.j = d.accepted_j then 2 + floor(d.r_score * 29)::int else floor(d.r_score * d.r_score * 12)::int end as score,
                 d.j = d.accepted_j as accepted
          from d
          join bench_q q on q.n = d.qn
          join bench_rank r on r.rank = d.author_rank`;
        await tx`create unique index on bench_a (n)`;
        await tx`analyze bench_a`;
        const inserted = await tx`
          insert into answers (id, question_id, author_id, body, html, score, created_at, updated_at)
          select id, question_id, author_id, body, '<p>' || body || '</p>', score, created_at, created_at from bench_a`;
        return inserted.count;
      });

      // Staged first, then copied in time order: an append-only ledger's heap is in the order events happened.
      await tx`create temp table bench_events (like reputation_events) on commit drop`;
      const columns = tx.unsafe(
        "id, user_id, kind, points, source_key, actor_id, post_type, post_id, question_id, category_id, response_seconds, reverses_id, reason, created_at"
      );

      volumes.fixed = await timed("ledger: solutions, first responses", async () => {
        // A solution pays the answerer 15 and the asker 2 (not for a self-answer), as awardSolution does.
        const solutions = await tx`
          insert into bench_events (${columns})
          with s as materialized (
            select a.*, least(${now}::timestamptz, a.created_at + random() * interval '3 days') as at
            from bench_a a where a.accepted and a.author_id <> a.question_author_id
          )
          select substr(md5('accept:' || s.id), 1, 16), s.author_id, 'answer_accepted', 15, 'accept:' || s.id, s.question_author_id,
                 'answer', s.id, s.question_id, s.category_id, null::int, null, null, s.at from s
          union all
          select substr(md5('accepter:' || s.id), 1, 16), s.question_author_id, 'accepted_answer', 2, 'accepter:' || s.id, s.question_author_id,
                 'answer', s.id, s.question_id, s.category_id, null::int, null, null, s.at from s`;
        // The first answer by someone other than the asker: no points, but it feeds badges and the fastest-responder board.
        const first = await tx`
          insert into bench_events (${columns})
          select distinct on (a.qn)
                 substr(md5('first:' || a.question_id), 1, 16), a.author_id, 'first_response', 0, 'first:' || a.question_id, null,
                 'answer', a.id, a.question_id, a.category_id,
                 greatest(0, round(extract(epoch from a.created_at - a.q_created_at)))::int, null, null, a.created_at
          from bench_a a where a.author_id <> a.question_author_id
          order by a.qn, a.j`;
        return solutions.count + first.count;
      });

      const remaining = Math.max(0, eventCount - volumes.fixed);
      volumes.votes = Math.floor(remaining / (1 + REVERSAL_RATE));
      volumes.reversals = remaining - volumes.votes;

      await timed(`ledger: votes (${n(volumes.votes)})`, async () => {
        const [{ questions: qCount }] = await tx<{ questions: number }[]>`select count(*)::int as questions from bench_q`;
        // A few extra draws cover the self-votes that are dropped.
        const draws = volumes.votes + Math.ceil(volumes.votes / 500) + 100;
        await tx`
          insert into bench_events (${columns})
          with d as materialized (
            select g, random() as k, 1 + floor(random() * ${volumes.answers}::int)::int as an,
                   1 + floor(random() * ${qCount}::int)::int as qn, 1 + floor(random() * ${userCount}::int)::int as vrank, random() as rt
            from generate_series(1, ${draws}::int) g
          ), x as (
            select d.g, d.rt, v.id as voter,
                   case when d.k < 0.70 then 'answer_upvoted' when d.k < 0.88 then 'question_upvoted' when d.k < 0.93 then 'answer_downvoted'
                        when d.k < 0.95 then 'question_downvoted' else 'downvote_cast' end as kind,
                   a.id as a_id, a.author_id as a_author, a.question_id as a_question, a.category_id as a_category, a.created_at as a_created,
                   q.id as q_id, q.author_id as q_author, q.category_id as q_category, q.created_at as q_created
            from d
            join bench_a a on a.n = d.an
            join bench_q q on q.n = d.qn
            join bench_rank v on v.rank = d.vrank
          ), e as (
            select x.*, x.kind in ('question_upvoted', 'question_downvoted') as on_question from x
          )
          select substr(md5('vote:' || ${seed}::int || ':' || e.g), 1, 16),
                 case when e.kind = 'downvote_cast' then e.voter when e.on_question then e.q_author else e.a_author end,
                 e.kind,
                 case e.kind when 'answer_upvoted' then 10 when 'question_upvoted' then 5 when 'downvote_cast' then -1 else -2 end,
                 case when e.kind = 'downvote_cast' then 'downvote:answer:' || e.a_id || ':' || e.voter
                      when e.on_question then 'vote:question:' || e.q_id || ':' || e.voter
                      else 'vote:answer:' || e.a_id || ':' || e.voter end,
                 e.voter,
                 case when e.on_question then 'question' else 'answer' end,
                 case when e.on_question then e.q_id else e.a_id end,
                 case when e.on_question then e.q_id else e.a_question end,
                 case when e.on_question then e.q_category else e.a_category end,
                 null::int, null, null,
                 -- Most votes come soon after the post; a long tail keeps old posts earning.
                 case when e.on_question then e.q_created + (${now}::timestamptz - e.q_created) * power(e.rt, 4)
                      else e.a_created + (${now}::timestamptz - e.a_created) * power(e.rt, 4) end
          from e
          where e.voter <> case when e.on_question then e.q_author else e.a_author end
          limit ${volumes.votes}::int`;
      });

      await timed(`ledger: reversals (${n(volumes.reversals)})`, async () => {
        if (!volumes.reversals) return;
        // Withdrawn votes: a reversal row with the opposite points, pointing at the vote, days later.
        const p = Math.min(1, (1.25 * volumes.reversals) / Math.max(1, volumes.votes));
        const inserted = await tx`
          insert into bench_events (${columns})
          select substr(md5('reversal:' || e.id), 1, 16), e.user_id, 'reversal', -e.points, e.source_key, e.actor_id, e.post_type, e.post_id,
                 e.question_id, e.category_id, null::int, e.id, 'vote withdrawn',
                 least(${now}::timestamptz, e.created_at + power(random(), 2) * interval '30 days')
          from (select * from bench_events
                where kind in ('answer_upvoted', 'question_upvoted', 'answer_downvoted', 'question_downvoted', 'downvote_cast') and random() < ${p}::float8
                limit ${volumes.reversals}::int) e`;
        volumes.reversals = inserted.count;
      });

      const savedEvents = await dropIndexes(tx, "reputation_events");
      const savedTotals = await dropIndexes(tx, "reputation_totals");
      await timed("ledger in time order", async () => {
        await tx`insert into reputation_events select * from bench_events order by created_at, id`;
        await tx`drop table bench_events`;
      });

      await timed("reputation_totals from the ledger", async () => {
        // What applyToTotals keeps: every event in the week, month and all-time buckets of when it was earned,
        // overall ("") and in its category; a reversal moves the buckets of the event it undoes.
        await tx`
          insert into reputation_totals (period, period_start, category_id, user_id, points, accepted, first_responses, first_response_seconds)
          with effects as (
            select user_id, category_id, created_at as earned_at, points,
                   (kind = 'answer_accepted')::int as accepted, (kind = 'first_response')::int as first_responses,
                   case when kind = 'first_response' then coalesce(response_seconds, 0) else 0 end::bigint as first_response_seconds
            from reputation_events where kind <> 'reversal'
            union all
            select o.user_id, o.category_id, o.created_at, r.points,
                   -(o.kind = 'answer_accepted')::int, -(o.kind = 'first_response')::int,
                   -(case when o.kind = 'first_response' then coalesce(o.response_seconds, 0) else 0 end)::bigint
            from reputation_events r join reputation_events o on o.id = r.reverses_id
            where r.kind = 'reversal'
          ), fine as (
            -- One row per member, category, week and month first (a week can straddle two months), then the six scopes from those.
            select user_id, category_id,
                   date_trunc('week', earned_at at time zone 'UTC')::date as week_start,
                   date_trunc('month', earned_at at time zone 'UTC')::date as month_start,
                   sum(points) as points, sum(accepted) as accepted, sum(first_responses) as first_responses,
                   sum(first_response_seconds) as first_response_seconds, min(earned_at) as first_at
            from effects group by 1, 2, 3, 4
          ), scoped as (
            select case when grouping(week_start) = 0 then 'week' when grouping(month_start) = 0 then 'month' else 'all' end as period,
                   case when grouping(week_start) = 0 then week_start when grouping(month_start) = 0 then month_start else date '1970-01-01' end as period_start,
                   case when grouping(category_id) = 0 then category_id else '' end as category_id,
                   user_id, sum(points)::int as points, sum(accepted)::int as accepted, sum(first_responses)::int as first_responses,
                   sum(first_response_seconds)::bigint as first_response_seconds, min(first_at) as first_at
            from fine
            group by grouping sets ((user_id, week_start, category_id), (user_id, week_start), (user_id, month_start, category_id),
                                    (user_id, month_start), (user_id, category_id), (user_id))
            having grouping(category_id) = 1 or category_id is not null
          )
          -- In the order the app creates them (a bucket's first event), so a period's rows sit together as they would.
          select period, period_start, category_id, user_id, points, accepted, first_responses, first_response_seconds
          from scoped order by first_at, user_id, period, category_id`;
      });

      await timed("users.reputation from the ledger", () =>
        tx`
          update users u set reputation = s.points
          from (select user_id, sum(points)::int as points from reputation_events group by user_id) s
          where s.user_id = u.id`.then(() => undefined)
      );

      await timed("ledger and totals indexes", async () => {
        await restoreIndexes(tx, savedEvents);
        await restoreIndexes(tx, savedTotals);
      });

      await timed("badges already earned, nominations", async () => {
        // The rules of app/domain/badges/definitions.ts that need no votes rows or tag ranking, from the same figures badgeStats reads.
        await tx`
          insert into user_badges (user_id, slug, awarded_at)
          with q as (select author_id, count(*) as n from questions where deleted_at is null group by author_id),
          a as (
            select a.author_id, count(*) as n, count(distinct q.category_id) as categories, max(a.score) as best
            from answers a join questions q on q.id = a.question_id where a.deleted_at is null group by a.author_id
          ),
          fast as (
            select e.user_id, count(*) as n from reputation_events e
            where e.kind = 'first_response' and e.response_seconds <= 3600
              and not exists (select 1 from reputation_events r where r.reverses_id = e.id)
            group by e.user_id
          ),
          days as (
            select distinct author_id, (created_at at time zone 'UTC')::date as day from answers
            where deleted_at is null and created_at >= ${now}::timestamptz - interval '40 days'
          ),
          runs as (
            select author_id, count(*) as run
            from (select author_id, day, day - (row_number() over (partition by author_id order by day))::int as island from days) d
            group by author_id, island
          ),
          streak as (select author_id, max(run) as longest from runs group by author_id),
          stats as (
            select u.id as user_id, u.reputation, coalesce(q.n, 0) as questions, coalesce(a.n, 0) as answers,
                   coalesce(a.categories, 0) as categories, coalesce(a.best, 0) as best, coalesce(t.accepted, 0) as accepted,
                   coalesce(fast.n, 0) as fast, coalesce(streak.longest, 0) as streak
            from users u
            left join q on q.author_id = u.id
            left join a on a.author_id = u.id
            left join fast on fast.user_id = u.id
            left join streak on streak.author_id = u.id
            left join reputation_totals t on t.user_id = u.id and t.period = 'all' and t.period_start = '1970-01-01' and t.category_id = ''
          )
          select s.user_id, b.slug, ${now}::timestamptz - random() * interval '365 days'
          from stats s cross join lateral (values
            ('curious', s.questions >= 1), ('helper', s.answers >= 1), ('problem-solver', s.accepted >= 1),
            ('quick-responder', s.fast >= 1), ('nice-answer', s.best >= 5), ('troubleshooter', s.accepted >= 10),
            ('first-responder', s.fast >= 10), ('well-rounded', s.categories >= 5), ('steady-helper', s.streak >= 7),
            ('good-answer', s.best >= 15), ('trusted', s.reputation >= 1000), ('fixer', s.accepted >= 50),
            ('legend', s.accepted >= 250), ('great-answer', s.best >= 50), ('pillar', s.streak >= 30)
          ) as b(slug, earned)
          where b.earned`;
        // Customers past the advocate threshold were nominated when they crossed it (NOMINATION in advocates/nominations.server.ts).
        await tx`
          insert into advocate_nominations (user_id, reason, reputation, accepted_count, created_at)
          select u.id, u.reputation || ' reputation and ' || t.accepted || ' solutions', u.reputation, t.accepted,
                 ${now}::timestamptz - random() * interval '30 days'
          from users u join reputation_totals t on t.user_id = u.id and t.period = 'all' and t.period_start = '1970-01-01' and t.category_id = ''
          where u.role = 'customer' and u.reputation >= 500 and t.accepted >= 5`;
      });
    });

    // Fresh statistics and a visibility map (index-only scans on the totals), as a settled database has.
    await timed("vacuum analyze", () =>
      sql`vacuum analyze users, categories, questions, answers, reputation_events, reputation_totals, user_badges, advocate_nominations`.then(
        () => undefined
      )
    );

    const seconds = (Date.now() - began) / 1000;
    const [check] = await sql<{ users: number; mismatched: number; totals_mismatched: number }[]>`
      with ledger as (select user_id, sum(points)::bigint as points from reputation_events group by user_id)
      select count(*)::int as users,
             count(*) filter (where u.reputation <> coalesce(l.points, 0))::int as mismatched,
             count(*) filter (where coalesce(t.points, 0) <> coalesce(l.points, 0))::int as totals_mismatched
      from users u
      left join ledger l on l.user_id = u.id
      left join reputation_totals t on t.user_id = u.id and t.period = 'all' and t.period_start = '1970-01-01' and t.category_id = ''`;
    const [shape] = await sql<
      {
        events: number;
        questions: number;
        answers: number;
        earners: number;
        totals: number;
        week: number;
        month: number;
        badges: number;
        nominations: number;
      }[]
    >`
      select (select count(*) from reputation_events)::int as events,
             (select count(*) from questions)::int as questions,
             (select count(*) from answers)::int as answers,
             (select count(*) from users where reputation <> 0)::int as earners,
             (select count(*) from reputation_totals)::int as totals,
             (select count(*) from reputation_totals where period = 'week' and period_start = date_trunc('week', now() at time zone 'UTC')::date and category_id = '')::int as week,
             (select count(*) from reputation_totals where period = 'month' and period_start = date_trunc('month', now() at time zone 'UTC')::date and category_id = '')::int as month,
             (select count(*) from user_badges)::int as badges,
             (select count(*) from advocate_nominations)::int as nominations`;
    const top = await sql<{ username: string; reputation: number; events: number }[]>`
      select u.username, u.reputation, (select count(*) from reputation_events e where e.user_id = u.id)::int as events
      from users u order by u.reputation desc limit 3`;
    const [median] = await sql<{ username: string; reputation: number; events: number }[]>`
      with earners as (select id, username, reputation, row_number() over (order by reputation) as i, count(*) over () as total from users where reputation > 0)
      select username, reputation, (select count(*) from reputation_events e where e.user_id = earners.id)::int as events
      from earners where i = (total + 1) / 2`;

    console.log(`Done in ${seconds.toFixed(1)} s`);
    console.log(
      `  users ${n(userCount)} (${n(shape.earners)} with reputation), questions ${n(shape.questions)}, answers ${n(shape.answers)}`
    );
    console.log(
      `  reputation_events ${n(shape.events)}: ${n(volumes.fixed)} solutions and first responses, ${n(volumes.votes)} votes, ${n(
        volumes.reversals
      )} reversals`
    );
    console.log(
      `  reputation_totals ${n(shape.totals)} rows; this week's overall board ${n(shape.week)} members, this month's ${n(shape.month)}`
    );
    console.log(`  user_badges ${n(shape.badges)}, advocate_nominations ${n(shape.nominations)}`);
    for (const t of top) console.log(`  busy member: ${t.username}, reputation ${n(t.reputation)}, ${n(t.events)} ledger events`);
    if (median) console.log(`  median earner: ${median.username}, reputation ${n(median.reputation)}, ${n(median.events)} ledger events`);
    console.log(
      `  cache = ledger: sum(points) per user equals users.reputation for ${n(check.users - check.mismatched)} of ${n(check.users)} users` +
        ` (${check.mismatched} mismatches); reputation_totals (all time, overall) ${
          check.totals_mismatched ? `differs for ${check.totals_mismatched}` : "agrees for every user"
        }`
    );
    console.log(`  staff account: ${benchStaff.username} / ${benchStaff.password}`);
    if (check.mismatched || check.totals_mismatched) process.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await main();
