import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient } from "../support/http";
import { recordTownhallSteps } from "../support/townhall-notices";

const sockets: Socket[] = [];

function connect(cookie?: string | null) {
  const socket = io(inject("env").baseUrl, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

const subscribe = (s: Socket, room: string) => s.timeout(5000).emitWithAck("subscribe", { room }) as Promise<{ ok: boolean }>;

const record = recordTownhallSteps;

async function staffClient() {
  const { admin } = inject("env");
  const staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  return staff;
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for socket events");
    await new Promise((r) => setTimeout(r, 50));
  }
};

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

describe("town halls over socket.io", () => {
  it("shows a pending question only to the hosts and its author, then everyone once approved, in order", async () => {
    const staff = await staffClient();
    const created = await staff.post("/api/v1/townhalls", { title: "Realtime town hall", description: "Testing the live events end to end.", startsAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(created.status).toBe(201);
    const id = created.body<{ townhall: { id: string } }>().townhall.id;
    expect((await staff.post(`/api/v1/townhalls/${id}/start`, {})).status).toBe(200);

    const { client: alice } = await signedInClient("th_sock_a");
    const { client: bob } = await signedInClient("th_sock_b");
    const [staffSocket, aliceSocket, bobSocket, anonSocket] = await Promise.all([connect(staff.cookie), connect(alice.cookie), connect(bob.cookie), connect()]);
    for (const s of [staffSocket, aliceSocket, bobSocket, anonSocket]) expect(await subscribe(s, `townhall:${id}`)).toEqual({ ok: true });
    expect(await subscribe(staffSocket, "staff:queue")).toEqual({ ok: true });
    const seen = { staff: record(staffSocket), alice: record(aliceSocket), bob: record(bobSocket), anon: record(anonSocket) };

    const asked = await alice.post(`/api/v1/townhalls/${id}/questions`, { body: "A secret question waiting for approval" });
    expect(asked.status).toBe(201);
    const qid = asked.body<{ question: { id: string; status: string } }>().question.id;
    expect(asked.body<{ question: { status: string } }>().question.status).toBe("pending");
    await until(() => seen.staff.length > 0 && seen.alice.length > 0);

    // A client cannot moderate by emitting events directly: the server only listens for subscribe.
    bobSocket.emit("townhall:moderate", { townhallId: id, questionId: qid, action: "approve" });
    bobSocket.emit("moderate", { id: qid, action: "approve" });
    await new Promise((r) => setTimeout(r, 300));
    const asBob = await bob.get(`/api/v1/townhalls/${id}`);
    expect(asBob.body<{ questions: { id: string }[] }>().questions.map((q) => q.id)).not.toContain(qid);
    expect(seen.bob).toEqual([]);
    expect(seen.anon).toEqual([]);
    expect((await bob.post(`/api/v1/townhalls/${id}/questions/${qid}/moderate`, { action: "approve" })).status).toBe(403);

    expect((await staff.post(`/api/v1/townhalls/${id}/questions/${qid}/moderate`, { action: "approve" })).status).toBe(200);
    await until(() => seen.bob.some((e) => e.question?.id === qid && e.question.status === "approved"));
    expect((await bob.put(`/api/v1/townhalls/${id}/questions/${qid}/vote`, { value: 1 })).status).toBe(200);
    // Question notices go out gathered, a tenth of a second later.
    await until(() => seen.anon.some((e) => e.type === "votes"));
    expect((await staff.post(`/api/v1/townhalls/${id}/questions/${qid}/moderate`, { action: "answered", answer: "Yes, in the spring." })).status).toBe(200);
    await until(() => seen.anon.some((e) => e.question?.status === "answered"));
    // In order: approved, then the vote, then the answer.
    const kinds = seen.anon.map((e) => (e.type === "votes" ? `votes:${e.counts?.map((c) => c.votes).join(",")}` : `upsert:${e.question?.status}`));
    expect(kinds).toEqual(["upsert:approved", "votes:1", "upsert:answered"]);
  });

  it("catches up after a dropped connection from one snapshot: nothing missed, nothing doubled", async () => {
    const staff = await staffClient();
    const id = (await staff.post("/api/v1/townhalls", { title: "Reconnect town hall", description: "Dropping and coming back again.", startsAt: new Date(Date.now() + 3600_000).toISOString(), moderated: false })).body<{
      townhall: { id: string };
    }>().townhall.id;
    await staff.post(`/api/v1/townhalls/${id}/start`, {});
    const { client: carol } = await signedInClient("th_sock_c");
    let socket = await connect(carol.cookie);
    await subscribe(socket, `townhall:${id}`);
    const first = await carol.post(`/api/v1/townhalls/${id}/questions`, { body: "Asked while I was connected" });
    await new Promise((r) => setTimeout(r, 200));
    socket.disconnect();

    // Missed while away: a new question and a vote.
    const missed = await staff.post(`/api/v1/townhalls/${id}/questions`, { body: "Asked while Carol was away" });
    await staff.put(`/api/v1/townhalls/${id}/questions/${first.body<{ question: { id: string } }>().question.id}/vote`, { value: 1 });

    socket = await connect(carol.cookie);
    await subscribe(socket, `townhall:${id}`);
    const snapshot = (await carol.get(`/api/v1/townhalls/${id}`)).body<{ questions: { id: string; votes: number }[] }>().questions;
    expect(snapshot.map((q) => q.id).sort()).toEqual([first.body<{ question: { id: string } }>().question.id, missed.body<{ question: { id: string } }>().question.id].sort());
    expect(new Set(snapshot.map((q) => q.id)).size).toBe(snapshot.length);
    expect(snapshot.find((q) => q.id === first.body<{ question: { id: string } }>().question.id)?.votes).toBe(1);
  });

  it("gathers a tenth of a second's votes into one notice per town hall, with every count that moved", async () => {
    const staff = await staffClient();
    const id = (await staff.post("/api/v1/townhalls", { title: "Busy town hall", description: "Many votes at once on several questions.", startsAt: new Date(Date.now() + 3600_000).toISOString(), moderated: false })).body<{
      townhall: { id: string };
    }>().townhall.id;
    await staff.post(`/api/v1/townhalls/${id}/start`, {});
    const asked = [];
    for (const body of ["First of three questions to vote on", "Second of three questions to vote on", "Third of three questions to vote on"]) {
      asked.push((await staff.post(`/api/v1/townhalls/${id}/questions`, { body })).body<{ question: { id: string } }>().question.id);
    }
    const voters = await Promise.all(["th_burst_a", "th_burst_b"].map(async (name) => (await signedInClient(name)).client));
    const socket = await connect();
    await subscribe(socket, `townhall:${id}`);
    const seen = record(socket);
    // Five votes on three questions, sent at once.
    const votes = [...asked.map((q) => [voters[0], q] as const), ...asked.slice(0, 2).map((q) => [voters[1], q] as const)];
    const answers = await Promise.all(votes.map(([voter, q]) => voter.put(`/api/v1/townhalls/${id}/questions/${q}/vote`, { value: 1 })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await until(() => seen.some((e) => e.type === "votes"));
    await new Promise((r) => setTimeout(r, 400));
    const notices = seen.filter((e) => e.type === "votes");
    const last = new Map(notices.flatMap((n) => n.counts ?? []).map((c) => [c.questionId, c.votes]));
    expect(Object.fromEntries(last)).toEqual({ [asked[0]]: 2, [asked[1]]: 2, [asked[2]]: 1 });
    // However the five requests fell across windows, never one notice per vote.
    expect(notices.length).toBeLessThan(votes.length);
    expect(notices.every((n) => n.townhallId === id && (n.counts?.length ?? 0) > 0)).toBe(true);
    // Each count carries the version its vote wrote: the last of each question is its highest.
    const versions = new Map(notices.flatMap((n) => n.counts ?? []).map((c) => [c.questionId, c.version]));
    expect(Math.min(...versions.values())).toBeGreaterThan(0);
  });
});
