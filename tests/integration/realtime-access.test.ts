/**
 * A socket keeps no identity that has been taken away: logging out and
 * revoking a token end the sockets that used them, and losing a role or a
 * category's readership takes the socket out of rooms it may no longer hear,
 * the moment it happens, as the API answers 404 for the same question.
 */
import { io, type Socket } from "socket.io-client";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient } from "../support/http";

const sockets: Socket[] = [];
let staff: ApiClient;
const tag = Date.now().toString(36);

function connect(opts: { cookie?: string | null; token?: string }) {
  const socket = io(inject("env").baseUrl, {
    transports: ["websocket"],
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
    auth: opts.token ? { token: opts.token } : {},
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

const subscribe = (socket: Socket, room: string) => socket.timeout(5000).emitWithAck("subscribe", { room }) as Promise<{ ok: boolean; error?: { code: string } }>;

function disconnected(socket: Socket, ms = 5000) {
  return new Promise<string>((resolve, reject) => {
    if (!socket.connected) return resolve("already");
    const timer = setTimeout(() => reject(new Error("the socket stayed connected")), ms);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

function heard<T>(socket: Socket, event: string) {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const { admin } = inject("env");
  staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

async function ask(client: ApiClient, category: string, title: string) {
  const res = await client.post("/api/v1/questions", { title, body: "Asked by the socket access tests, with enough words.", category });
  expect(res.status, res.text).toBe(201);
  return res.body<{ question: { id: string } }>().question.id;
}

describe("sockets after access is taken away", () => {
  it("logging out ends the sockets of that session, and only those", async () => {
    const { client, account, user } = await signedInClient("sockout");
    const other = new ApiClient();
    expect((await other.post("/api/v1/auth/login", { login: account.username, password: account.password })).status).toBe(200);
    const [loggingOut, stayingIn] = await Promise.all([connect({ cookie: client.cookie }), connect({ cookie: other.cookie })]);
    expect(await subscribe(loggingOut, `user:${user.id}`)).toEqual({ ok: true });
    const ended = disconnected(loggingOut);
    expect((await client.post("/api/v1/auth/logout")).status).toBe(204);
    expect(await ended).toBe("io server disconnect");
    // The other device's session is untouched.
    await sleep(300);
    expect(stayingIn.connected).toBe(true);
    expect(await subscribe(stayingIn, `user:${user.id}`)).toEqual({ ok: true });
  });

  it("revoking a token ends the sockets that signed in with it", async () => {
    const { client } = await signedInClient("socktok");
    const created = await client.post("/api/v1/tokens", { name: "socket" });
    expect(created.status).toBe(201);
    const { token, id } = created.body<{ token: string; id: string }>();
    const socket = await connect({ token });
    const ended = disconnected(socket);
    expect((await client.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    expect(await ended).toBe("io server disconnect");
  });

  it("a demoted advocate stops hearing the lounge's question room at once, and cannot join it again", async () => {
    const lounge = `sock-${tag}-lounge`;
    expect((await staff.post("/api/v1/categories", { name: `Lounge ${tag}`, slug: lounge, visibility: "advocates" })).status).toBe(201);
    const questionId = await ask(staff, lounge, "A lounge thread about the new firmware");
    const { client, account } = await signedInClient("sockadv");
    expect((await staff.post(`/api/v1/users/${account.username}/advocate`)).status).toBe(200);
    const socket = await connect({ cookie: client.cookie });
    expect(await subscribe(socket, `question:${questionId}`)).toEqual({ ok: true });
    const answers = heard<{ answerId: string }>(socket, "answer:created");
    const reply = await staff.post(`/api/v1/questions/${questionId}/answers`, { body: "First answer while they are an advocate." });
    expect(reply.status).toBe(201);
    await sleep(300);
    expect(answers).toHaveLength(1);

    expect((await staff.delete(`/api/v1/users/${account.username}/advocate`)).status).toBe(200);
    expect((await client.get(`/api/v1/questions/${questionId}`)).status).toBe(404);
    await sleep(300);
    await staff.post(`/api/v1/questions/${questionId}/answers`, { body: "Second answer, after the demotion." });
    await sleep(500);
    expect(answers).toHaveLength(1);
    const again = await subscribe(socket, `question:${questionId}`);
    expect(again.error?.code).toBe("not_found");
  });

  it("a category made private takes its questions' rooms away from those who may no longer read them", async () => {
    const category = `sock-${tag}-closing`;
    expect((await staff.post("/api/v1/categories", { name: `Closing ${tag}`, slug: category })).status).toBe(201);
    const { client } = await signedInClient("sockcust");
    const questionId = await ask(client, category, "A public question that is about to go staff-only");
    const watcher = await connect({});
    expect(await subscribe(watcher, `question:${questionId}`)).toEqual({ ok: true });
    const answers = heard(watcher, "answer:created");
    const changed = await staff.request("PATCH", `/api/v1/categories/${category}`, { visibility: "staff" });
    expect(changed.status, changed.text).toBe(200);
    await sleep(500);
    await staff.post(`/api/v1/questions/${questionId}/answers`, { body: "Staff-only now: nobody outside hears this." });
    await sleep(500);
    expect(answers).toEqual([]);
    expect((await subscribe(watcher, `question:${questionId}`)).error?.code).toBe("not_found");
  });
});
