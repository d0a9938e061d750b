/**
 * Mail throughput, against the real server on 127.0.0.1 and a real SMTP
 * server (smtp-server from npm, in this process, keeping only a count):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_mailbench \
 *     node --import tsx tests/bench/mail.ts           # npm run bench:mail
 *       [--followers 10000] [--rounds 3] [--control 10] [--no-build]
 *
 * The database named by DATABASE_URL is dropped and made again (it must be on
 * this machine and its name must contain "bench"). The server migrates it and
 * makes its admin; then, in one transaction of set-based SQL, `--followers`
 * verified members who chose instant mail for "new answers in questions I
 * follow" and who follow one question (the followed question). A second
 * question has no followers.
 *
 * Each round, as a staff member with an API token:
 *  1. answers the question nobody follows `--control` times (request time);
 *  2. answers the followed question once (request time), then waits until the
 *     SMTP server has received one message per follower, timing from the
 *     answer's 201 to the last message (and to the last notification row).
 *
 * It prints the request times with and without followers (the request must
 * not wait for mail: the answer enqueues one fan-out job), and the delivery
 * time and messages per second. MAIL_INSTANT_DELAY_SECONDS is 0 here: the
 * server's default waits 120 s so that what a member saw in the page is not
 * mailed, which would only add a constant.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { buildApp, hasFlag, intFlag, machineDescription, memoryOf, percentile, postgresOptions, requireLocalDatabaseUrl, startAppServer, stopProcess, type AppServer } from "./shared";

const databaseUrl = requireLocalDatabaseUrl();
const followers = intFlag("followers", 10_000);
const rounds = intFlag("rounds", 3);
const controlPerRound = intFlag("control", 10);
const admin = { email: "mailbench-admin@bench.example", username: "mailbench_admin", password: "mailbench-password-1" };

function databaseName(url: string) {
  const name = new URL(url).pathname.replace(/^\//, "");
  if (!/bench/.test(name)) {
    console.error(`Refusing to drop "${name}": the benchmark makes its own database, whose name must contain "bench".`);
    process.exit(2);
  }
  return name;
}

async function recreateDatabase() {
  const name = databaseName(databaseUrl);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const sql = postgres(adminUrl.toString(), { ...postgresOptions, max: 1 });
  await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.unsafe(`create database "${name}"`);
  await sql.end();
}

async function startSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    count: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function api(base: string, method: string, p: string, body: unknown, auth: { token?: string; cookie?: string }) {
  const res = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: {
      "content-type": "application/json",
      origin: base,
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

async function main() {
  console.log(`Mail benchmark: ${followers.toLocaleString("en-US")} followers, ${rounds} rounds, on ${machineDescription()}`);
  await recreateDatabase();
  if (!hasFlag("no-build")) buildApp();
  const sink = await startSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-mail-"));
  let server: AppServer | undefined;
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 2 });
  try {
    server = await startAppServer({
      databaseUrl,
      dataDir,
      logName: "forum-bench-mail-server",
      env: { SMTP_URL: sink.url, MAIL_INSTANT_DELAY_SECONDS: "0", ADMIN_EMAIL: admin.email, ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password },
    });
    const base = server.base;
    const login = await api(base, "POST", "/auth/login", { login: admin.username, password: admin.password }, {});
    if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const adminToken = (await api(base, "POST", "/tokens", { name: "mail bench" }, { cookie })).json.token as string;
    const category = await api(base, "POST", "/categories", { name: "Mail bench", slug: "mail-bench" }, { token: adminToken });
    if (category.status !== 201) throw new Error(`category: ${category.status} ${JSON.stringify(category.json)}`);
    const ask = async (title: string) => {
      const res = await api(base, "POST", "/questions", { title, body: "A question the mail benchmark answers many times over.", category: "mail-bench" }, { token: adminToken });
      if (res.status !== 201) throw new Error(`question: ${res.status} ${JSON.stringify(res.json)}`);
      return (res.json.question as { id: string }).id;
    };
    const followed = await ask("Followed question for the mail benchmark");
    const control = await ask("Question nobody follows in the mail benchmark");

    // The one who answers: staff, so posting limits never throttle the run.
    const signup = await api(base, "POST", "/auth/signup", { email: "mailbench-staff@bench.example", username: "mailbench_staff", password: admin.password }, {});
    if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.json)}`);
    await api(base, "PATCH", "/users/mailbench_staff/role", { role: "staff" }, { token: adminToken });
    const staffCookie = signup.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const staffToken = (await api(base, "POST", "/tokens", { name: "mail bench staff" }, { cookie: staffCookie })).json.token as string;

    const began = performance.now();
    await sql.begin(async (tx) => {
      await tx`
        insert into users (id, email, username, password_hash, role, email_verified_at, email_prefs, created_at, updated_at)
        select 'mailbench-u-' || i, 'follower' || i || '@bench.example', 'follower_' || i, (select password_hash from users where username = ${admin.username}),
               'customer', now(), '{"watched_answer":"instant"}'::jsonb, now(), now()
        from generate_series(1, ${followers}::int) i`;
      await tx`insert into watches (user_id, target_type, target_id) select 'mailbench-u-' || i, 'question', ${followed} from generate_series(1, ${followers}::int) i`;
    });
    console.log(`  filled ${followers} followers in ${((performance.now() - began) / 1000).toFixed(1)} s`);

    const answer = async (questionId: string, n: number) => {
      const t0 = performance.now();
      const res = await api(base, "POST", `/questions/${questionId}/answers`, { body: `Answer number ${n} from the mail benchmark, with enough words.` }, { token: staffToken });
      const ms = performance.now() - t0;
      if (res.status !== 201) throw new Error(`answer: ${res.status} ${JSON.stringify(res.json)}`);
      return ms;
    };

    const without: number[] = [];
    const withFollowers: number[] = [];
    const delivery: { seconds: number; notifySeconds: number; perSecond: number }[] = [];
    let n = 0;
    let peakRss = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < controlPerRound; i++) without.push(await answer(control, ++n));
      // The control answers notify the asker (an admin, instant by default): let those land first.
      await sleep(1000);
      const before = sink.count();
      const t0 = performance.now();
      withFollowers.push(await answer(followed, ++n));
      let notifiedAt = 0;
      const deadline = Date.now() + 15 * 60_000;
      while (sink.count() - before < followers) {
        if (Date.now() > deadline) throw new Error(`only ${sink.count() - before} of ${followers} messages after 15 minutes`);
        if (!notifiedAt) {
          const [{ c }] = await sql<{ c: number }[]>`select count(*)::int as c from notifications where kind = 'watched_answer'`;
          if (c >= followers * (r + 1)) notifiedAt = performance.now();
        }
        peakRss = Math.max(peakRss, memoryOf(server.child.pid).rss ?? 0);
        await sleep(100);
      }
      const seconds = (performance.now() - t0) / 1000;
      delivery.push({ seconds, notifySeconds: notifiedAt ? (notifiedAt - t0) / 1000 : seconds, perSecond: followers / seconds });
      console.log(`  round ${r + 1}: ${followers} messages delivered in ${seconds.toFixed(1)} s (${(followers / seconds).toFixed(0)} msg/s); notifications written after ${delivery[r].notifySeconds.toFixed(1)} s`);
    }
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const w = sorted(without);
    const f = sorted(withFollowers);
    console.log("\nAnswer request (POST /api/v1/questions/:id/answers), ms");
    console.log(`  no followers     n=${w.length}  median ${percentile(w, 50).toFixed(1)}  mean ${mean(w).toFixed(1)}  max ${w[w.length - 1].toFixed(1)}`);
    console.log(`  ${followers} followers n=${f.length}  median ${percentile(f, 50).toFixed(1)}  mean ${mean(f).toFixed(1)}  max ${f[f.length - 1].toFixed(1)}`);
    console.log(`  ratio (mean with / mean without): ${(mean(withFollowers) / mean(without)).toFixed(2)}`);
    console.log(`\nDelivery of ${followers} messages to the SMTP server (enqueue + render + send)`);
    console.log(`  seconds: ${delivery.map((d) => d.seconds.toFixed(1)).join(", ")}; messages/s: ${delivery.map((d) => d.perSecond.toFixed(0)).join(", ")}`);
    console.log(`  notifications written: ${delivery.map((d) => d.notifySeconds.toFixed(1)).join(", ")} s after the answer`);
    console.log(`  app peak RSS during delivery: ${(peakRss / 1024).toFixed(0)} MB`);
  } finally {
    await stopProcess(server?.child);
    await sink.close();
    await sql.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
