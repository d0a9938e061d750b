import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient } from "../support/http";

const sockets: Socket[] = [];

function connect(opts: { cookie?: string; token?: string; origin?: string } = {}) {
  const { baseUrl } = inject("env");
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const socket = io(baseUrl, {
    transports: ["websocket"],
    extraHeaders: headers,
    auth: opts.token ? { token: opts.token } : {},
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket) {
  return new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

function subscribe(socket: Socket, room: unknown) {
  return socket.timeout(5000).emitWithAck("subscribe", { room }) as Promise<{ ok: boolean; error?: { code: string } }>;
}

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

describe("socket.io handshake", () => {
  it("lets anonymous sockets read public rooms but not a user's room or a missing question's", async () => {
    const socket = connect();
    await connected(socket);
    expect(await subscribe(socket, "feed:questions")).toEqual({ ok: true });
    const denied = await subscribe(socket, "user:someone");
    expect(denied.ok).toBe(false);
    expect(denied.error?.code).toBe("forbidden");
    const missing = await subscribe(socket, "question:nosuchquestion1");
    expect(missing.error?.code).toBe("not_found");
  });

  it("delivers a question's change notices to its room, after the change is stored", async () => {
    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await staff.post("/api/v1/categories", { name: "Realtime tests", slug: "realtime-tests" });
    const { client: asker } = await signedInClient("rtasker");
    const { question } = (await asker.post("/api/v1/questions", { title: "A question watched over socket.io", body: "Watching this one for live answers.", category: "realtime-tests" })).body<{ question: { id: string } }>();

    const watcher = connect();
    await connected(watcher);
    expect(await subscribe(watcher, `question:${question.id}`)).toEqual({ ok: true });
    const received = new Promise<{ questionId: string; answerId: string }>((resolve) => watcher.once("answer:created", resolve));
    const { client: helper } = await signedInClient("rthelper");
    const { answer } = (await helper.post(`/api/v1/questions/${question.id}/answers`, { body: "Here is a live answer for you." })).body<{ answer: { id: string } }>();
    const notice = await received;
    expect(notice).toEqual({ questionId: question.id, answerId: answer.id });
    // The notice is thin: ids only, the client refetches what it may see.
    expect(Object.keys(notice).sort()).toEqual(["answerId", "questionId"]);
    const page = await new ApiClient().get(`/api/v1/questions/${question.id}`);
    expect(page.body<{ answers: { id: string }[] }>().answers.map((a) => a.id)).toContain(answer.id);
  });

  it("authenticates with the session cookie, so a member may join their own room", async () => {
    const { client, user } = await signedInClient("sock");
    const socket = connect({ cookie: client.cookie ?? undefined });
    await connected(socket);
    expect(await subscribe(socket, `user:${user.id}`)).toEqual({ ok: true });
  });

  it("authenticates with a personal access token and refuses a bad one", async () => {
    const { client, user } = await signedInClient("socktoken");
    const { token } = (await client.post("/api/v1/tokens", { name: "socket" })).body<{ token: string }>();
    const socket = connect({ token });
    await connected(socket);
    expect(await subscribe(socket, `user:${user.id}`)).toEqual({ ok: true });

    const bad = connect({ token: "fpat_wrong" });
    await expect(connected(bad)).rejects.toThrow(/invalid token/);
  });

  it("keeps the staff queue room to staff: customers and anonymous sockets are refused, staff hear escalations", async () => {
    const anonymous = connect();
    await connected(anonymous);
    expect((await subscribe(anonymous, "staff:queue")).ok).toBe(false);
    const { client: customer } = await signedInClient("sockcust");
    const customerSocket = connect({ cookie: customer.cookie ?? undefined });
    await connected(customerSocket);
    expect(await subscribe(customerSocket, "staff:queue")).toMatchObject({ ok: false, error: { code: "forbidden" } });

    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    const staffSocket = connect({ cookie: staff.cookie ?? undefined });
    await connected(staffSocket);
    expect(await subscribe(staffSocket, "staff:queue")).toEqual({ ok: true });
    await staff.post("/api/v1/categories", { name: "Socket queue", slug: "socket-queue" });
    const { question } = (await customer.post("/api/v1/questions", { title: "Socket queue question that needs staff", body: "Please escalate this one for the socket test.", category: "socket-queue" })).body<{ question: { id: string } }>();
    const heard = new Promise<{ questionId: string }>((resolve) => staffSocket.once("queue:changed", resolve));
    const customerHeard: string[] = [];
    customerSocket.on("queue:changed", (p: { questionId: string }) => customerHeard.push(p.questionId));
    expect((await customer.post(`/api/v1/questions/${question.id}/escalate`, {})).status).toBe(200);
    expect((await heard).questionId).toBe(question.id);
    expect(customerHeard).toEqual([]);
  });

  it("rejects a malformed subscribe payload with an error, not a crash", async () => {
    const socket = connect();
    await connected(socket);
    const res = await subscribe(socket, { nested: "object" });
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe("invalid");
    expect(socket.connected).toBe(true);
  });

  it("refuses a browser handshake from another site", async () => {
    const socket = connect({ origin: "https://evil.example" });
    await expect(connected(socket)).rejects.toThrow();
  });
});

describe("presence", () => {
  it("counts people online, once per person, and updates everyone live", async () => {
    const { client } = await signedInClient("presence");
    const watcher = connect();
    const counts: number[] = [];
    watcher.on("presence:online", ({ count }: { count: number }) => counts.push(count));
    await connected(watcher);
    const tabA = connect({ cookie: client.cookie ?? undefined });
    const tabB = connect({ cookie: client.cookie ?? undefined });
    await Promise.all([connected(tabA), connected(tabB)]);
    // The watcher plus one person in two tabs: two people.
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(2);
    tabA.disconnect();
    tabB.disconnect();
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(1);
  });
});
