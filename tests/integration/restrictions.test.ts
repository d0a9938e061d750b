import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type ApiErrorBody, type UserBody } from "../support/http";

/**
 * Suspending, silencing and ignoring, through the real server. A suspended
 * member is read only on every door: the JSON API with a personal access
 * token, page forms with the session cookie, and the town hall (whose writes
 * are HTTP calls; the socket only listens, and stays open for reading).
 * Silencing is stored and shown here; holding a silenced member's posts for
 * review is the review queue's business.
 */

type Member = Awaited<ReturnType<typeof signedInClient>>;

const run = Date.now().toString(36);
let base: string;
let admin: ApiClient;
let staff: Member;
let category: string;
const sockets: Socket[] = [];

const day = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();

function withToken(token: string) {
  const client = new ApiClient();
  client.token = token;
  return client;
}

async function formPost(path: string, fields: Record<string, string>, cookie: string | null) {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

async function page(path: string, cookie: string | null) {
  const res = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

function connect(cookie: string | null) {
  const socket = io(base, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function ask(client: ApiClient, title = `Soundbar drops the TV every evening ${Math.random().toString(36).slice(2, 8)}`) {
  const res = await client.post("/api/v1/questions", { title, body: "Every evening the soundbar drops the HDMI ARC link and the TV speakers take over.", category });
  expect(res.status, res.text).toBe(201);
  return res.body<{ question: { id: string } }>().question.id;
}

async function answer(client: ApiClient, questionId: string, body = "Turn off CEC on the TV, then pair the soundbar again.") {
  const res = await client.post(`/api/v1/questions/${questionId}/answers`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body<{ answer: { id: string } }>().answer.id;
}

function expectSuspended(res: { status: number; text: string; body<T>(): T }, what: string) {
  expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBe(403);
  expect(res.body<ApiErrorBody>().error.code, what).toBe("suspended");
}

beforeAll(async () => {
  const env = inject("env");
  base = env.baseUrl;
  admin = new ApiClient();
  expect((await admin.post("/api/v1/auth/login", { login: env.admin.username, password: env.admin.password })).status).toBe(200);
  staff = await signedInClient("rs_staff");
  expect((await admin.patch(`/api/v1/users/${staff.user.username}/role`, { role: "staff" })).status).toBe(200);
  category = `restrict-${run}`;
  expect((await admin.post("/api/v1/categories", { name: `Restrictions ${run}`, slug: category })).status).toBe(201);
});

afterAll(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

describe("suspension", () => {
  let member: Member;
  let token: string;
  let otherQuestion: string;
  let otherAnswer: string;
  let ownQuestion: string;
  let townhall: string;
  let townhallQuestion: string;
  let socket: Socket;
  const reason = "Posting the same referral link in every thread.";

  beforeAll(async () => {
    member = await signedInClient("rs_member");
    const created = await member.client.post("/api/v1/tokens", { name: "CRM sync" });
    expect(created.status).toBe(201);
    token = created.body<{ token: string }>().token;
    ownQuestion = await ask(member.client);

    const other = await signedInClient("rs_other");
    otherQuestion = await ask(other.client);
    otherAnswer = await answer(other.client, otherQuestion);

    const th = await admin.post("/api/v1/townhalls", { title: "Restrictions town hall", description: "Ask the team anything.", startsAt: inDays(1), moderated: false });
    expect(th.status).toBe(201);
    townhall = th.body<{ townhall: { id: string } }>().townhall.id;
    expect((await admin.post(`/api/v1/townhalls/${townhall}/start`)).status).toBe(200);
    const thq = await other.client.post(`/api/v1/townhalls/${townhall}/questions`, { body: "Will the spring release fix the dropouts?" });
    expect(thq.status).toBe(201);
    townhallQuestion = thq.body<{ question: { id: string } }>().question.id;

    // A socket opened before the suspension: it must keep reading, and the member's writes still refuse.
    socket = await connect(member.client.cookie);
    expect(await socket.timeout(5000).emitWithAck("subscribe", { room: `townhall:${townhall}` })).toEqual({ ok: true });

    const res = await staff.client.post(`/api/v1/users/${member.user.username}/suspend`, { until: inDays(7), reason });
    expect(res.status, res.text).toBe(200);
    expect(res.body()).toEqual({ user: { username: member.user.username, suspended: { until: expect.any(String), reason } } });
  });

  it("refuses every write through the API with a personal access token: 403 suspended", async () => {
    const api = withToken(token);
    expectSuspended(await api.post("/api/v1/questions", { title: "A new question while suspended here", body: "This should not be posted at all, ever.", category }), "ask");
    expectSuspended(await api.post(`/api/v1/questions/${otherQuestion}/answers`, { body: "An answer that should not be posted." }), "answer");
    expectSuspended(await api.put("/api/v1/votes", { target: "answer", id: otherAnswer, value: 1 }), "vote");
    expectSuspended(await api.patch(`/api/v1/questions/${ownQuestion}`, { title: "An edited title for the soundbar question" }), "edit");
    expectSuspended(await api.delete(`/api/v1/questions/${ownQuestion}`), "delete");
    expectSuspended(await api.post("/api/v1/tokens", { name: "Another token" }), "token create");
    expectSuspended(await api.patch("/api/v1/me", { bio: "New bio" }), "profile");
    expectSuspended(await api.post(`/api/v1/questions/${ownQuestion}/escalate`, { reason: "Still broken." }), "escalate");
    expectSuspended(await api.post(`/api/v1/users/${staff.user.username}/ignore`), "ignore");
    const message = (await api.post("/api/v1/questions", { title: "Another question while suspended", body: "Still should not be posted anywhere.", category })).body<ApiErrorBody>().error.message;
    expect(message).toContain("suspended until");
    expect(message).toContain(reason);
  });

  it("refuses the town hall's writes (ask, vote, chat, attend) while the open socket keeps reading", async () => {
    const api = withToken(token);
    expectSuspended(await api.post(`/api/v1/townhalls/${townhall}/questions`, { body: "A question that should wait forever." }), "town hall ask");
    expectSuspended(await api.put(`/api/v1/townhalls/${townhall}/questions/${townhallQuestion}/vote`, { value: 1 }), "town hall vote");
    expectSuspended(await api.post(`/api/v1/townhalls/${townhall}/chat`, { body: "Hello everyone" }), "town hall chat");
    expectSuspended(await api.post(`/api/v1/townhalls/${townhall}/attend`), "town hall attend");
    // The access change rechecked the socket: same member, so it stays, and may still listen.
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.connected).toBe(true);
    expect(await socket.timeout(5000).emitWithAck("subscribe", { room: `question:${otherQuestion}` })).toEqual({ ok: true });
  });

  it("refuses a page form posted with the session cookie", async () => {
    const res = await formPost(`/q/${otherQuestion}`, { intent: "answer", body: "An answer sent from the page form." }, member.client.cookie);
    expect(res.status).toBe(403);
    expect(res.text).toContain("suspended");
    const asked = await formPost("/ask", { intent: "ask", title: "A page question while suspended", body: "This should not be posted either.", category }, member.client.cookie);
    expect(asked.status).toBe(403);
  });

  it("still reads: questions, me, notifications (with the restricted one), pages with the banner", async () => {
    const api = withToken(token);
    expect((await api.get(`/api/v1/questions/${otherQuestion}`)).status).toBe(200);
    expect((await api.get("/api/v1/me")).body<UserBody>().user.username).toBe(member.user.username);
    expect((await api.get("/api/v1/tokens")).status).toBe(200);
    const list = await api.get("/api/v1/notifications");
    expect(list.status).toBe(200);
    const restricted = list.body<{ notifications: { kind: string; restriction: string | null; actor: { username: string } | null }[] }>().notifications.find((n) => n.kind === "restricted");
    expect(restricted).toMatchObject({ restriction: "suspended", actor: { username: staff.user.username } });
    // Marking notifications read is allowed: it only tidies the member's own bell.
    expect((await api.post("/api/v1/notifications", { ids: [] })).status).toBe(200);

    const home = await page("/", member.client.cookie);
    expect(home.status).toBe(200);
    expect(home.html).toContain('data-testid="restriction-banner"');
    expect(home.html).toContain("Your account is suspended");
    expect(home.html).toContain(reason);
    const bell = await page("/notifications", member.client.cookie);
    expect(bell.html).toContain("Staff suspended your account");
    // Others see no banner.
    expect((await page("/", staff.client.cookie)).html).not.toContain('data-testid="restriction-banner"');
  });

  it("lifting restores writing, with an audit line per action", async () => {
    const lifted = await staff.client.delete(`/api/v1/users/${member.user.username}/suspend`);
    expect(lifted.status, lifted.text).toBe(200);
    expect(lifted.body()).toEqual({ user: { username: member.user.username, suspended: null } });
    const api = withToken(token);
    expect((await api.post(`/api/v1/questions/${otherQuestion}/answers`, { body: "Now I can answer again, after the suspension." })).status).toBe(201);
    expect((await api.put("/api/v1/votes", { target: "answer", id: otherAnswer, value: 1 })).status).toBe(200);
    expect((await page("/", member.client.cookie)).html).not.toContain('data-testid="restriction-banner"');

    const audit = await admin.get(`/api/v1/audit?target=user:${member.user.id}`);
    expect(audit.status).toBe(200);
    const entries = audit.body<{ entries: { action: string; actor: { username: string }; data: Record<string, unknown> }[] }>().entries;
    expect(entries.map((e) => e.action)).toEqual(["user.restriction_lifted", "user.suspended"]);
    expect(entries[1]).toMatchObject({ actor: { username: staff.user.username }, data: { reason, until: expect.any(String) } });
    expect(entries[0].data).toEqual({ kind: "suspended" });
    // Lifting what is not in force changes nothing: no second audit line.
    expect((await staff.client.delete(`/api/v1/users/${member.user.username}/suspend`)).status).toBe(200);
    expect((await admin.get(`/api/v1/audit?target=user:${member.user.id}`)).body<{ entries: unknown[] }>().entries).toHaveLength(2);
  });

  it("also stops a session's page writes the moment it starts, and ends by itself when its time is past", async () => {
    const m = await signedInClient("rs_short");
    const q = await ask(m.client);
    expect((await staff.client.post(`/api/v1/users/${m.user.username}/suspend`, { until: new Date(Date.now() + 1500).toISOString(), reason: "Cooling off." })).status).toBe(200);
    expectSuspended(await m.client.post(`/api/v1/questions/${q}/answers`, { body: "Blocked for a moment only." }), "short suspension");
    await new Promise((r) => setTimeout(r, 1600));
    expect((await m.client.post(`/api/v1/questions/${q}/answers`, { body: "After the suspension ran out by itself." })).status).toBe(201);
  });
});

describe("silence", () => {
  it("is stored, shown and lifted; a silenced member still votes", async () => {
    const member = await signedInClient("rs_quiet");
    const other = await signedInClient("rs_quiet_other");
    const q = await ask(other.client);
    const reason = "Heated replies in the firmware threads.";
    const res = await staff.client.post(`/api/v1/users/${member.user.username}/silence`, { until: inDays(1), reason });
    expect(res.status, res.text).toBe(200);
    expect(res.body()).toEqual({ user: { username: member.user.username, silenced: { until: expect.any(String), reason } } });
    expect((await member.client.put("/api/v1/votes", { target: "question", id: q, value: 1 })).status).toBe(200);
    const home = await page("/", member.client.cookie);
    expect(home.html).toContain("Your account is silenced");
    expect(home.html).toContain(reason);
    const profile = await page(`/u/${member.user.username}`, staff.client.cookie);
    expect(profile.html).toContain('data-testid="moderation-panel"');
    expect(profile.html).toContain('data-testid="silenced-active"');
    expect((await staff.client.delete(`/api/v1/users/${member.user.username}/silence`)).body()).toEqual({ user: { username: member.user.username, silenced: null } });
    const audit = (await admin.get(`/api/v1/audit?target=user:${member.user.id}`)).body<{ entries: { action: string }[] }>().entries;
    expect(audit.map((e) => e.action)).toEqual(["user.restriction_lifted", "user.silenced"]);
  });
});

describe("who may restrict whom", () => {
  const body = () => ({ until: inDays(1), reason: "Testing the policy." });

  it("staff restrict customers and advocates; only admins restrict staff; nobody restricts an admin or themselves", async () => {
    const customer = await signedInClient("rs_pol_c");
    const advocate = await signedInClient("rs_pol_a");
    expect((await staff.client.post(`/api/v1/users/${advocate.user.username}/advocate`)).status).toBe(200);
    const otherStaff = await signedInClient("rs_pol_s");
    expect((await admin.patch(`/api/v1/users/${otherStaff.user.username}/role`, { role: "staff" })).status).toBe(200);
    const adminName = inject("env").admin.username;

    expect((await staff.client.post(`/api/v1/users/${customer.user.username}/suspend`, body())).status).toBe(200);
    expect((await staff.client.post(`/api/v1/users/${advocate.user.username}/silence`, body())).status).toBe(200);
    const onStaff = await staff.client.post(`/api/v1/users/${otherStaff.user.username}/suspend`, body());
    expect(onStaff.status).toBe(403);
    expect(onStaff.body<ApiErrorBody>().error).toMatchObject({ code: "forbidden", message: "Only admins can restrict staff." });
    expect((await admin.post(`/api/v1/users/${otherStaff.user.username}/suspend`, body())).status).toBe(200);
    const onAdmin = await staff.client.post(`/api/v1/users/${adminName}/suspend`, body());
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.body<ApiErrorBody>().error.message).toBe("Nobody can restrict an admin.");
    expect((await staff.client.post(`/api/v1/users/${staff.user.username}/silence`, body())).status).toBe(403);
    expect((await admin.post(`/api/v1/users/${adminName}/suspend`, body())).status).toBe(403);
    expect((await customer.client.post(`/api/v1/users/${advocate.user.username}/suspend`, body())).status).toBe(403);
    expect((await new ApiClient().post(`/api/v1/users/${advocate.user.username}/suspend`, body())).status).toBe(401);
    expect((await staff.client.post(`/api/v1/users/nobody_${run}/suspend`, body())).status).toBe(404);
    // A suspended staff member keeps reading staff screens but cannot restrict anyone.
    expectSuspended(await otherStaff.client.post(`/api/v1/users/${customer.user.username}/silence`, body()), "suspended staff restricting");
    expect((await otherStaff.client.get("/api/v1/staff/queue")).status).toBe(200);
    expect((await otherStaff.client.get("/api/v1/webhooks")).status).toBe(200);
  });

  it("answers 400 with field messages for a bad until or reason", async () => {
    const target = (await signedInClient("rs_bad")).user.username;
    const bad = async (b: unknown) => {
      const res = await staff.client.post(`/api/v1/users/${target}/suspend`, b);
      expect(res.status, JSON.stringify(b)).toBe(400);
      return res.body<ApiErrorBody>().error;
    };
    expect((await bad({ until: new Date(Date.now() - 60_000).toISOString(), reason: "x" })).fields?.until).toBeDefined();
    expect((await bad({ until: inDays(365 * 11), reason: "x" })).fields?.until).toBeDefined();
    expect((await bad({ until: "next tuesday", reason: "x" })).fields?.until).toBeDefined();
    expect((await bad({ until: 12345, reason: "x" })).fields?.until).toBeDefined();
    expect((await bad({ until: inDays(1) })).fields?.reason).toBeDefined();
    expect((await bad({ until: inDays(1), reason: "   " })).fields?.reason).toBeDefined();
    expect((await bad({ until: inDays(1), reason: "x".repeat(501) })).fields?.reason).toBeDefined();
    expect((await staff.client.post(`/api/v1/users/${target}/suspend`, { until: inDays(365 * 9), reason: "x".repeat(500) })).status).toBe(200);
  });

  it("suspends from the profile page's form, with inline errors and no JavaScript", async () => {
    const target = await signedInClient("rs_form");
    const profile = await page(`/u/${target.user.username}`, staff.client.cookie);
    expect(profile.html).toContain('data-testid="suspend-form"');
    // Members do not see the panel.
    expect((await page(`/u/${target.user.username}`, (await signedInClient("rs_form_peer")).client.cookie)).html).not.toContain("moderation-panel");

    const missing = await formPost(`/u/${target.user.username}`, { intent: "suspend", duration: "date", until: "", reason: "" }, staff.client.cookie);
    // A form posted without JavaScript gets the page back, its errors beside the fields.
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="suspend-until-error"');
    expect(missing.text).toContain('id="suspend-reason-error"');
    expect(missing.text).toContain("Give a reason: the member reads it.");

    const ok = await formPost(`/u/${target.user.username}`, { intent: "suspend", duration: "7d", until: "", reason: "Spam links." }, staff.client.cookie);
    expect(ok.status, ok.text).toBe(200);
    const after = await page(`/u/${target.user.username}`, staff.client.cookie);
    expect(after.html).toContain('data-testid="suspended-active"');
    expectSuspended(await target.client.post("/api/v1/tokens", { name: "Blocked" }), "token after form suspension");
    expect((await formPost(`/u/${target.user.username}`, { intent: "lift", kind: "suspended" }, staff.client.cookie)).status).toBe(200);
    expect((await target.client.post("/api/v1/tokens", { name: "Allowed again" })).status).toBe(201);
  });
});

describe("ignoring a member", () => {
  it("refuses yourself, staff and unknown members, and lists whom you ignore", async () => {
    const me = await signedInClient("rs_ign_me");
    const self = await me.client.post(`/api/v1/users/${me.user.username}/ignore`);
    expect(self.status).toBe(403);
    expect(self.body<ApiErrorBody>().error.message).toBe("You cannot ignore yourself.");
    const onStaff = await me.client.post(`/api/v1/users/${staff.user.username}/ignore`);
    expect(onStaff.status).toBe(403);
    expect(onStaff.body<ApiErrorBody>().error.message).toContain("Staff and admins cannot be ignored");
    expect((await me.client.post(`/api/v1/users/nobody_${run}/ignore`)).status).toBe(404);
    expect((await new ApiClient().post(`/api/v1/users/${me.user.username}/ignore`)).status).toBe(401);

    const noisy = await signedInClient("rs_ign_noisy");
    const res = await me.client.post(`/api/v1/users/${noisy.user.username}/ignore`);
    expect(res.status).toBe(200);
    expect(res.body()).toEqual({ user: { username: noisy.user.username }, ignoring: true });
    expect((await me.client.post(`/api/v1/users/${noisy.user.username}/ignore`)).status).toBe(200);
    expect((await me.client.get("/api/v1/me/ignores")).body()).toEqual({ ignores: [{ username: noisy.user.username, since: expect.any(String) }] });
    expect((await me.client.delete(`/api/v1/users/${noisy.user.username}/ignore`)).body()).toEqual({ user: { username: noisy.user.username }, ignoring: false });
    expect((await me.client.get("/api/v1/me/ignores")).body()).toEqual({ ignores: [] });
  });

  it("stops mentions and replies from the ignored member, and folds their posts away on the question page", async () => {
    const me = await signedInClient("rs_ign_reader");
    const noisy = await signedInClient("rs_ign_author");
    const bystander = await signedInClient("rs_ign_by");
    // From the profile page's button, as a browser posts it.
    expect((await formPost(`/u/${noisy.user.username}`, { intent: "ignore" }, me.client.cookie)).status).toBe(200);
    expect((await page(`/u/${noisy.user.username}`, me.client.cookie)).html).toContain("Stop ignoring");

    const mine = await ask(me.client);
    await answer(noisy.client, mine, `Try this, @${me.user.username} and @${bystander.user.username}: reset the network settings.`);
    const theirs = await ask(noisy.client);
    await answer(bystander.client, theirs, "A bystander's answer that nobody ignores.");

    const kinds = async (m: Member) =>
      (await m.client.get("/api/v1/notifications")).body<{ notifications: { kind: string; actor: { username: string } | null }[] }>().notifications;
    const mineNow = await kinds(me);
    expect(mineNow.filter((n) => n.actor?.username === noisy.user.username)).toEqual([]);
    // The bystander, who ignores nobody, was mentioned as usual.
    expect((await kinds(bystander)).some((n) => n.kind === "mention" && n.actor?.username === noisy.user.username)).toBe(true);

    const onMine = await page(`/q/${mine}`, me.client.cookie);
    expect(onMine.html).toContain('data-testid="ignored-post"');
    expect(onMine.html).toContain(`You are ignoring <span class="font-medium">${noisy.user.username}</span> — show post`);
    // The question body by the ignored member folds too; the bystander's answer does not.
    const onTheirs = await page(`/q/${theirs}`, me.client.cookie);
    expect(onTheirs.html.match(/data-testid="ignored-post"/g)?.length).toBe(1);
    // Nobody else sees it folded.
    expect((await page(`/q/${mine}`, bystander.client.cookie)).html).not.toContain('data-testid="ignored-post"');

    expect((await formPost(`/u/${noisy.user.username}`, { intent: "unignore" }, me.client.cookie)).status).toBe(200);
    expect((await page(`/q/${mine}`, me.client.cookie)).html).not.toContain('data-testid="ignored-post"');
  });
});
