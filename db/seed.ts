/**
 * `npm run seed`: fills an empty forum with the Nimbus demo community,
 * written through the forum's own commands (db/seed-community.ts, decision 007).
 * Safe to run twice: it does nothing when the demo is already there.
 */
import { subscribeDomain } from "../app/domain/subscribers.server";
import { startJobs, stopJobs } from "../app/jobs/boss.server";
import { useDatabase } from "./client.server";
import { openForTask } from "./cli";
import { demoState, seedCommunity } from "./seed-community";
import { demoPassword } from "./seed-data";

const handle = await openForTask("npm run seed");
useDatabase(handle);

const state = await demoState();
if (state !== "absent") {
  if (state === "complete") console.log("The demo community is already there: nothing to do.");
  else console.error("npm run seed: this database holds part of the demo (an earlier seed stopped part way). Seed an empty database instead.");
  await handle.close();
  process.exit(state === "complete" ? 0 : 1);
}

const started = Date.now();
// As the server does: the domain's durable subscribers (badge checks, webhooks) hear every
// command, and the job system takes what they queue; the seed runs the jobs itself, without a worker.
const unsubscribe = subscribeDomain();
await startJobs(handle);
let failed = false;
try {
  const s = await seedCommunity();
  console.log(
    `Seeded the Nimbus demo community in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${s.members} members, ${s.categories} categories, ${s.questions} questions, ${s.answers} answers, ${s.votes} votes, ${s.badges} badges, ` +
      `${s.cases.total} cases (${s.cases.open} in the staff queue: ${s.cases.breached} breached, ${s.cases.assigned} assigned, ${s.cases.private} private), ` +
      `${s.savedReplies} saved replies, ${s.notes} staff notes, ${s.townhalls} town halls (${s.townhallQuestions} questions, ${s.townhallVotes} votes).\n` +
      `Log in as any of them with the password "${demoPassword}", e.g. nora_nimbus (admin), leo_support or priya_support (staff), audio_amir (advocate), ben_k (customer).`,
  );
} catch (err) {
  failed = true;
  console.error("npm run seed failed part way; the database holds part of the demo. Seed an empty database again once this is fixed:");
  console.error(err);
} finally {
  unsubscribe();
  await stopJobs();
  await handle.close();
}
process.exit(failed ? 1 : 0);
