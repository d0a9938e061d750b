import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, newAccount, signedInClient, type UserBody } from "../support/http";
import { waitForOutbox } from "../support/outbox";
import { apiRouteFiles, coverageProblems } from "../support/route-files";
import { linkIn } from "../support/smtp-sink";

/**
 * Who may call every mutating endpoint of the JSON API, as one table: each row
 * is an endpoint with a setup that makes fresh targets through the API, a valid
 * body, and the status the contract (/work/shared/API.md, docs/api.md) gives
 * each role. Every (row, role) cell runs on targets of its own.
 *
 * Roles: `anonymous`; `customer`, a member unrelated to the target; `owner`, a
 * fresh member who owns the target (asked the question, wrote the answer,
 * co-hosts the town hall, holds the token, is the user), or an unrelated fresh
 * member where owning means nothing; `advocate`, `staff` and `admin`.
 *
 * A last test reads app/routes/api.v1.*.ts and fails for any method and path
 * the files accept that has no row here, and for any row no file serves.
 */

type Role = "anonymous" | "customer" | "owner" | "advocate" | "staff" | "admin";
const roles: Role[] = ["anonymous", "customer", "owner", "advocate", "staff", "admin"];
type Method = "POST" | "PUT" | "PATCH" | "DELETE";

interface Member {
  client: ApiClient;
  account: { email: string; username: string; password: string };
  user: UserBody["user"];
}

/** What a row's setup makes: the path's parameters and anything its body needs. */
type Targets = Record<string, string>;

interface Row {
  method: Method;
  /** The path pattern; `:name` is filled from the setup's targets. */
  path: string;
  /** When an endpoint has more than one row: what this one sends. */
  variant?: string;
  setup?: (cell: Cell) => Promise<Targets>;
  body?: (t: Targets, cell: Cell) => unknown;
  expect: Record<Role, number>;
  /** A fresh session for the acting role (the request ends it). */
  freshSession?: boolean;
  /**
   * The request changes or ends the acting account itself (its email, its password, its
   * other sessions, the account): each role acts as a fresh account of that role
   * (`cell.acting`), never the shared one.
   */
  ownAccount?: boolean;
  /** Fails today: the issue the lead is fixing. The row still asserts the contract. */
  knownIssue?: string;
}

const { admin: adminAccount } = inject("env");
// A real image (sharp draws it), sent as the raw body of PUT /me/avatar.
const avatarPng = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3366cc" } }).png().toBuffer());
const run = Date.now().toString(36);
const hookMarker = `authz-${run}`;
let category: string;
let admin: Member;
let organiser: Member; // a staff member who sets targets up, never one of the acting roles
const actors = {} as Record<"customer" | "advocate" | "staff" | "admin", Member>;

async function loggedIn(account: { username: string; password: string }): Promise<Member> {
  const client = new ApiClient();
  const res = await client.post("/api/v1/auth/login", { login: account.username, password: account.password });
  if (res.status !== 200) throw new Error(`login as ${account.username} failed: ${res.status} ${res.text}`);
  return { client, account: { email: "", ...account }, user: res.body<UserBody>().user };
}

async function withRole(prefix: string, role: "advocate" | "staff" | "admin"): Promise<Member> {
  const member = await signedInClient(prefix);
  const res = await admin.client.patch(`/api/v1/users/${member.user.username}/role`, { role });
  if (res.status !== 200) throw new Error(`making ${member.user.username} ${role} failed: ${res.status} ${res.text}`);
  return member;
}

/** A copy of a member's session, so a Set-Cookie in one cell (signup, login) leaves the shared session alone. */
function sameSession(member: Member) {
  const client = new ApiClient();
  client.cookie = member.client.cookie;
  return client;
}

type ApiResponse = Awaited<ReturnType<ApiClient["request"]>>;

function expectOk(res: ApiResponse, what: string, status = [200, 201, 204]) {
  if (!status.includes(res.status)) throw new Error(`setup: ${what} answered ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/** One cell's fresh world: its owner is made on first use. */
class Cell {
  private ownerMember?: Promise<Member>;
  /** The account acting in an `ownAccount` row. */
  acting?: Member;

  /** A new account of `role`, signed in: for rows that change the acting account itself. */
  async fresh(role: Role): Promise<ApiClient> {
    if (role === "anonymous") return new ApiClient();
    if (role === "owner") {
      this.acting = await this.owner();
      return this.acting.client;
    }
    const member = role === "customer" ? await signedInClient("own") : role === "admin" ? await signedInClient("own") : await withRole("own", role);
    if (role === "admin") expectOk(await admin.client.patch(`/api/v1/users/${member.user.username}/role`, { role: "admin" }), "making an admin");
    this.acting = member;
    return member.client;
  }

  /** The token of the newest mailed link to `path` for the owner, from the server's outbox. */
  async mailedToken(path: string, subject: string, count = 1) {
    const owner = await this.owner();
    const mails = await waitForOutbox(owner.account.email, count, 20_000, (m) => Boolean(m.subject?.startsWith(subject)));
    return linkIn(mails[mails.length - 1], path).searchParams.get("token")!;
  }

  owner() {
    this.ownerMember ??= signedInClient("owner");
    return this.ownerMember;
  }

  async as(role: Role, freshSession = false): Promise<ApiClient> {
    if (role === "anonymous") return new ApiClient();
    if (role === "owner") return (await this.owner()).client;
    const member = actors[role];
    if (!freshSession) return sameSession(member);
    return (await loggedIn(role === "admin" ? adminAccount : member.account)).client;
  }

  async ask(by?: Member) {
    const asker = by ?? (await this.owner());
    const res = expectOk(
      await asker.client.post("/api/v1/questions", {
        title: `Beam soundbar keeps losing the TV ${Math.random().toString(36).slice(2, 8)}`,
        body: "Every evening the soundbar drops the HDMI ARC link and the TV speakers take over.",
        category,
      }),
      "asking"
    );
    return res.body<{ question: { id: string } }>().question.id;
  }

  async answer(questionId: string, by?: Member) {
    const author = by ?? (await this.owner());
    const res = expectOk(
      await author.client.post(`/api/v1/questions/${questionId}/answers`, {
        body: "Turn off CEC on the TV, then pair the soundbar again.",
      }),
      "answering"
    );
    return res.body<{ answer: { id: string } }>().answer.id;
  }

  async townhall(opts: { cohostOwner?: boolean; moderated?: boolean; state?: "scheduled" | "live" | "ended" } = {}) {
    const cohosts = opts.cohostOwner ? [(await this.owner()).user.username] : [];
    const res = expectOk(
      await organiser.client.post("/api/v1/townhalls", {
        title: "Spring firmware town hall",
        description: "Ask the firmware team about the spring release.",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        moderated: opts.moderated ?? true,
        cohosts,
      }),
      "scheduling a town hall"
    );
    const id = res.body<{ townhall: { id: string } }>().townhall.id;
    if (opts.state === "live" || opts.state === "ended") expectOk(await organiser.client.post(`/api/v1/townhalls/${id}/start`), "starting");
    if (opts.state === "ended") expectOk(await organiser.client.post(`/api/v1/townhalls/${id}/end`), "ending");
    return id;
  }

  async townhallQuestion(townhallId: string) {
    const res = expectOk(
      await (
        await this.owner()
      ).client.post(`/api/v1/townhalls/${townhallId}/questions`, { body: "Will the spring release fix the night-time dropouts?" }),
      "asking at the town hall"
    );
    return res.body<{ question: { id: string } }>().question.id;
  }

  /** A question of the owner's that staff flagged: its pending item in the review queue. */
  async reviewItem() {
    const question = await this.ask();
    expectOk(await organiser.client.post("/api/v1/flags", { target: "question", id: question, reason: "abusive" }), "flagging", [201]);
    let cursor = "";
    for (;;) {
      const res = expectOk(await organiser.client.get(`/api/v1/review${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`), "reading the review queue");
      const body = res.body<{ items: { id: string; target: { id: string } }[]; nextCursor: string | null }>();
      const item = body.items.find((i) => i.target.id === question);
      if (item) return item.id;
      if (!body.nextCursor) throw new Error("setup: the flagged question is not in the review queue");
      cursor = body.nextCursor;
    }
  }

  async category() {
    const slug = `authz-${run}-${Math.random().toString(36).slice(2, 8)}`;
    expectOk(await organiser.client.post("/api/v1/categories", { name: `Authorization ${slug}`, slug }), "making a category");
    return slug;
  }

  async savedReply(approved: boolean) {
    const res = expectOk(
      await organiser.client.post("/api/v1/saved-replies", {
        title: "Reset the soundbar",
        body: "Hi {{customer}}, hold the join button for 10 seconds.",
      }),
      "saving a reply"
    );
    const id = res.body<{ savedReply: { id: string } }>().savedReply.id;
    if (approved) expectOk(await admin.client.post(`/api/v1/saved-replies/${id}/approve`), "approving the reply");
    return id;
  }

  async webhook() {
    const res = expectOk(
      await organiser.client.post("/api/v1/webhooks", { url: `https://hooks.example.test/${hookMarker}`, events: ["question.escalated"] }),
      "adding a webhook"
    );
    return res.body<{ endpoint: { id: string } }>().endpoint.id;
  }
}

const policy = {
  firstResponseMinutes: 120,
  advocateWindowMinutes: 45,
  resolutionMinutes: 2880,
  coverage: "always",
  timeZone: "Europe/Berlin",
  businessDays: [1, 2, 3, 4, 5],
  businessStart: "09:00",
  businessEnd: "17:00",
  holidays: [],
};

// ---------------------------------------------------------------------------
// The table. Rows follow the contract's sections; `expect` gives every role.

const table: Row[] = [
  // Accounts
  {
    method: "POST",
    path: "/api/v1/auth/signup",
    body: () => newAccount("joiner"),
    expect: { anonymous: 201, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/auth/login",
    setup: async (c) => ({ login: (await c.owner()).account.username, password: (await c.owner()).account.password }),
    body: (t) => ({ login: t.login, password: t.password }),
    expect: { anonymous: 200, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/auth/logout",
    freshSession: true,
    expect: { anonymous: 401, customer: 204, owner: 204, advocate: 204, staff: 204, admin: 204 },
  },
  {
    method: "POST",
    path: "/api/v1/tokens",
    body: () => ({ name: "CRM sync" }),
    expect: { anonymous: 401, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "DELETE",
    path: "/api/v1/tokens/:id",
    setup: async (c) => {
      const res = expectOk(await (await c.owner()).client.post("/api/v1/tokens", { name: "Helpdesk" }), "making a token");
      return { id: res.body<{ id: string }>().id };
    },
    // "404 if not yours": a token someone else holds is not there for you, staff included.
    expect: { anonymous: 401, customer: 404, owner: 204, advocate: 404, staff: 404, admin: 404 },
  },
  // Forgot password and verification: anyone, signed in or not, with the mailed token (or the address).
  {
    method: "POST",
    path: "/api/v1/auth/password-reset",
    setup: async (c) => ({ email: (await c.owner()).account.email }),
    body: (t) => ({ email: t.email }),
    expect: { anonymous: 202, customer: 202, owner: 202, advocate: 202, staff: 202, admin: 202 },
  },
  {
    method: "POST",
    path: "/api/v1/auth/password-reset/confirm",
    setup: async (c) => {
      const owner = await c.owner();
      expectOk(await new ApiClient().post("/api/v1/auth/password-reset", { email: owner.account.email }), "asking for a reset", [202]);
      return { token: await c.mailedToken("/reset-password", "Reset your password") };
    },
    body: (t) => ({ token: t.token, password: "violet lantern harbour crossing" }),
    expect: { anonymous: 200, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/auth/verify",
    setup: async (c) => ({ token: await c.mailedToken("/verify-email", "Confirm your email address") }),
    body: (t) => ({ token: t.token }),
    expect: { anonymous: 200, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/me/verification",
    // One's own address only: there is no one else's link to resend.
    expect: { anonymous: 401, customer: 202, owner: 202, advocate: 202, staff: 202, admin: 202 },
  },
  {
    method: "PATCH",
    path: "/api/v1/me/email",
    ownAccount: true,
    body: (_t, c) => ({ email: newAccount("moved").email, password: c.acting?.account.password ?? "a-long-password-1" }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "PUT",
    path: "/api/v1/me/password",
    ownAccount: true,
    body: (_t, c) => ({ currentPassword: c.acting?.account.password ?? "a-long-password-1", password: "violet lantern harbour crossing" }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "PATCH",
    path: "/api/v1/me",
    // Everyone edits only their own profile and time zone: there is no one else's to reach.
    body: () => ({ timeZone: "Europe/Berlin" }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "PATCH",
    path: "/api/v1/me",
    variant: "notification choices",
    body: () => ({ notifications: { answer: "daily", watched_question: "off" } }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/me",
    ownAccount: true,
    // Everyone may delete their own account (an admin while another admin remains); there is no one else's to reach.
    body: (_t, c) => ({ password: c.acting?.account.password ?? "a-long-password-1" }),
    expect: { anonymous: 401, customer: 204, owner: 204, advocate: 204, staff: 204, admin: 204 },
  },
  {
    method: "PUT",
    path: "/api/v1/me/avatar",
    body: () => avatarPng,
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/me/avatar",
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/me/sessions/:id",
    setup: async (c) => {
      // The owner signs in a second time; the first session's id is the one to end.
      const owner = await c.owner();
      const other = await loggedIn(owner.account);
      const list = expectOk(await other.client.get("/api/v1/me/sessions"), "listing sessions").body<{ sessions: { id: string; current: boolean }[] }>();
      return { id: list.sessions.find((s) => !s.current)!.id };
    },
    // "404 if not yours": a session someone else holds is not there for you, staff included.
    expect: { anonymous: 401, customer: 404, owner: 200, advocate: 404, staff: 404, admin: 404 },
  },
  {
    method: "DELETE",
    path: "/api/v1/me/sessions",
    ownAccount: true,
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "PATCH",
    path: "/api/v1/users/:username/role",
    setup: async (c) => ({ username: (await c.owner()).user.username }),
    body: () => ({ role: "advocate" }),
    // The owner is the member whose role it is: nobody promotes themselves.
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 403, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/mail/send-test",
    body: () => ({ to: "authz@example.test" }),
    // The outbox holds everyone's mail: admins only.
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 403, admin: 202 },
  },
  // Suspend, silence and ignore. The owner is the member restricted or ignored: nobody restricts or ignores themselves.
  ...(["suspend", "silence"] as const).flatMap((verb): Row[] => [
    {
      method: "POST",
      path: `/api/v1/users/:username/${verb}`,
      setup: async (c) => ({ username: (await c.owner()).user.username }),
      body: () => ({ until: new Date(Date.now() + 86_400_000).toISOString(), reason: "Posting the same link in every thread." }),
      expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
    },
    {
      method: "DELETE",
      path: `/api/v1/users/:username/${verb}`,
      setup: async (c) => {
        const username = (await c.owner()).user.username;
        expectOk(await organiser.client.post(`/api/v1/users/${username}/${verb}`, { until: new Date(Date.now() + 86_400_000).toISOString(), reason: "Heated replies." }), `${verb} first`);
        return { username };
      },
      expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
    },
  ]),
  {
    method: "POST",
    path: "/api/v1/users/:username/ignore",
    setup: async (c) => ({ username: (await c.owner()).user.username }),
    expect: { anonymous: 401, customer: 200, owner: 403, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/users/:username/ignore",
    setup: async (c) => ({ username: (await c.owner()).user.username }),
    // Stopping is always allowed, ignoring or not (yourself included: there is nothing to stop).
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },

  // Following: any signed-in member follows what they may read; the owner asked the question (and follows it already).
  ...(["PUT", "DELETE"] as const).flatMap((method): Row[] => [
    {
      method,
      path: "/api/v1/questions/:id/watch",
      setup: async (c) => ({ id: await c.ask() }),
      expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
    },
    {
      method,
      path: "/api/v1/categories/:slug/watch",
      setup: async () => ({ slug: category }),
      expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
    },
    {
      method,
      path: "/api/v1/tags/:tag/watch",
      setup: async () => ({ tag: "bluetooth" }),
      expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
    },
  ]),

  // Questions and answers
  {
    method: "POST",
    path: "/api/v1/categories",
    body: () => {
      const slug = `authz-${run}-${Math.random().toString(36).slice(2, 8)}`;
      return { name: `Category ${slug}`, slug };
    },
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "PATCH",
    path: "/api/v1/categories/:slug",
    setup: async (c) => ({ slug: await c.category() }),
    body: () => ({ description: "Renamed by the authorization table" }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions",
    body: () => ({
      title: "Move speaker stops charging on its base",
      body: "The light on the base blinks orange and the battery stays at 20%.",
      category,
    }),
    expect: { anonymous: 401, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "PATCH",
    path: "/api/v1/questions/:id",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ title: "Beam soundbar keeps losing the TV every evening" }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/questions/:id",
    setup: async (c) => ({ id: await c.ask() }),
    expect: { anonymous: 401, customer: 403, owner: 204, advocate: 403, staff: 204, admin: 204 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/answers",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ body: "Give the soundbar a fixed address on the router." }),
    expect: { anonymous: 401, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "PATCH",
    path: "/api/v1/answers/:id",
    setup: async (c) => ({ id: await c.answer(await c.ask(organiser)) }),
    body: () => ({ body: "Turn off CEC on the TV, then pair the soundbar again from the app." }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/answers/:id",
    setup: async (c) => ({ id: await c.answer(await c.ask(organiser)) }),
    expect: { anonymous: 401, customer: 403, owner: 204, advocate: 403, staff: 204, admin: 204 },
  },
  {
    method: "POST",
    path: "/api/v1/answers/:id/accept",
    setup: async (c) => ({ id: await c.answer(await c.ask(), organiser) }),
    // The owner asked the question: the asker marks the solution.
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/answers/:id/accept",
    setup: async (c) => {
      const id = await c.answer(await c.ask(), organiser);
      expectOk(await (await c.owner()).client.post(`/api/v1/answers/${id}/accept`), "accepting");
      return { id };
    },
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "PUT",
    path: "/api/v1/votes",
    setup: async (c) => ({ question: await c.ask() }),
    body: (t) => ({ target: "question", id: t.question, value: 1 }),
    // "signed in, not the author"
    expect: { anonymous: 401, customer: 200, owner: 403, advocate: 200, staff: 200, admin: 200 },
  },
  // Moderation
  {
    method: "POST",
    path: "/api/v1/flags",
    setup: async (c) => ({ question: await c.ask() }),
    body: (t) => ({ target: "question", id: t.question, reason: "spam" }),
    // "signed in"; flagging one's own post is refused
    expect: { anonymous: 401, customer: 201, owner: 403, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/review/:item",
    setup: async (c) => ({ item: await c.reviewItem() }),
    body: () => ({ action: "keep" }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/notifications",
    body: () => ({}),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/duplicate",
    setup: async (c) => ({ id: await c.ask(), of: await c.ask(organiser) }),
    body: (t) => ({ of: t.of }),
    // Closing duplicates: staff, advocates (★) and members with 2,000 reputation (README, docs/api.md privileges).
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/questions/:id/duplicate",
    setup: async (c) => {
      const [id, of] = [await c.ask(), await c.ask(organiser)];
      expectOk(await organiser.client.post(`/api/v1/questions/${id}/duplicate`, { of }), "closing as a duplicate");
      return { id };
    },
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 200, staff: 200, admin: 200 },
  },

  // Escalation and staff work
  {
    method: "POST",
    path: "/api/v1/questions/:id/escalate",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ reason: "The app says my warranty is void." }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/assign",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ username: actors.staff.user.username }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/assign",
    variant: "a body without a username",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ assignee: actors.staff.user.username }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 400, admin: 400 },
  },
  {
    method: "PATCH",
    path: "/api/v1/questions/:id/status",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ status: "waiting_on_customer" }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/notes",
    setup: async (c) => ({ id: await c.ask() }),
    body: () => ({ body: "Customer is on firmware 14.2; check the router model." }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/private",
    setup: async (c) => ({ id: await c.ask() }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/messages",
    setup: async (c) => {
      const id = await c.ask();
      expectOk(await organiser.client.post(`/api/v1/questions/${id}/private`), "taking it private");
      return { id };
    },
    body: () => ({ body: "Here is my order number: 1234-5678." }),
    expect: { anonymous: 401, customer: 403, owner: 201, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/saved-replies",
    body: () => ({ title: "Factory reset", body: "Hi {{customer}}, here is how to reset your speaker." }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/saved-replies/:id/approve",
    setup: async (c) => ({ id: await c.savedReply(false) }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 403, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/questions/:id/saved-reply",
    setup: async (c) => ({ id: await c.ask(), replyId: await c.savedReply(true) }),
    body: (t) => ({ replyId: t.replyId }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "PUT",
    path: "/api/v1/sla-policies/:category",
    setup: async (c) => ({ category: await c.category() }),
    body: () => policy,
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/sla-policies/:category",
    setup: async (c) => {
      const slug = await c.category();
      expectOk(await organiser.client.put(`/api/v1/sla-policies/${slug}`, policy), "setting a policy");
      return { category: slug };
    },
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 204, admin: 204 },
  },

  // Reputation and advocates
  {
    method: "POST",
    path: "/api/v1/advocates/nominations/:username/dismiss",
    setup: async (c) => ({ username: (await c.owner()).user.username }),
    // A nomination takes 500 reputation and 5 solutions, which the API cannot make in a
    // test; staff get the contract's "404 without a pending nomination", which only comes
    // after the role check (a 403 would come first).
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 404, admin: 404 },
  },
  {
    method: "POST",
    path: "/api/v1/users/:username/advocate",
    setup: async (c) => ({ username: (await c.owner()).user.username }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/users/:username/advocate",
    setup: async (c) => {
      const { username } = (await c.owner()).user;
      expectOk(await organiser.client.post(`/api/v1/users/${username}/advocate`), "promoting");
      return { username };
    },
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },

  // Town halls: the owner co-hosts the town hall, or wrote the town-hall question.
  {
    method: "POST",
    path: "/api/v1/townhalls",
    body: () => ({
      title: "Summer launch Q&A",
      description: "Meet the team behind the summer launch.",
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/start",
    setup: async (c) => ({ id: await c.townhall({ cohostOwner: true }) }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/end",
    setup: async (c) => ({ id: await c.townhall({ cohostOwner: true, state: "live" }) }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/questions",
    setup: async (c) => ({ id: await c.townhall() }),
    body: () => ({ body: "When does the Arc get spatial audio?" }),
    expect: { anonymous: 401, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/chat",
    setup: async (c) => ({ id: await c.townhall({ state: "live" }) }),
    body: () => ({ body: "Hello from Lisbon!" }),
    expect: { anonymous: 401, customer: 201, owner: 201, advocate: 201, staff: 201, admin: 201 },
  },
  {
    method: "PUT",
    path: "/api/v1/townhalls/:id/chat",
    setup: async (c) => ({ id: await c.townhall({ cohostOwner: true, state: "live" }) }),
    body: () => ({ enabled: false }),
    expect: { anonymous: 401, customer: 403, owner: 200, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "PUT",
    path: "/api/v1/townhalls/:id/chat",
    variant: 'enabled as the string "true"',
    setup: async (c) => ({ id: await c.townhall({ cohostOwner: true, state: "live" }) }),
    body: () => ({ enabled: "true" }),
    expect: { anonymous: 401, customer: 403, owner: 400, advocate: 403, staff: 400, admin: 400 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/attend",
    setup: async (c) => ({ id: await c.townhall() }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/townhalls/:id/attend",
    setup: async (c) => ({ id: await c.townhall() }),
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "PUT",
    path: "/api/v1/townhalls/:id/questions/:qid/vote",
    setup: async (c) => {
      const id = await c.townhall({ moderated: false });
      return { id, qid: await c.townhallQuestion(id) };
    },
    body: () => ({ value: 1 }),
    expect: { anonymous: 401, customer: 200, owner: 403, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/questions/:qid/moderate",
    setup: async (c) => {
      const id = await c.townhall({ moderated: true });
      return { id, qid: await c.townhallQuestion(id) };
    },
    body: () => ({ action: "approve" }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/questions/:qid/flag",
    setup: async (c) => {
      const id = await c.townhall({ moderated: false });
      return { id, qid: await c.townhallQuestion(id) };
    },
    expect: { anonymous: 401, customer: 200, owner: 200, advocate: 200, staff: 200, admin: 200 },
  },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/questions/:qid/convert",
    setup: async (c) => {
      const id = await c.townhall({ moderated: false });
      const qid = await c.townhallQuestion(id);
      expectOk(await organiser.client.post(`/api/v1/townhalls/${id}/start`), "starting");
      expectOk(await organiser.client.post(`/api/v1/townhalls/${id}/end`), "ending");
      return { id, qid };
    },
    body: () => ({ category }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },

  // Webhooks
  {
    method: "POST",
    path: "/api/v1/webhooks",
    body: () => ({ url: `https://hooks.example.test/${hookMarker}`, events: ["question.escalated", "question.solved"] }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 201, admin: 201 },
  },
  {
    method: "PATCH",
    path: "/api/v1/webhooks/:id",
    setup: async (c) => ({ id: await c.webhook() }),
    body: () => ({ active: false }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
  {
    method: "DELETE",
    path: "/api/v1/webhooks/:id",
    setup: async (c) => ({ id: await c.webhook() }),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },

  // Search
  {
    method: "POST",
    path: "/api/v1/search/deflection",
    // The ask form reports its suggestions for anonymous drafts too, with the token the suggestions came with.
    setup: async () => {
      const draftId = `draft${Math.random().toString(36).slice(2, 12)}`;
      const res = expectOk(await new ApiClient().get(`/api/v1/search/similar?${new URLSearchParams({ title: "speaker keeps dropping wifi", draft: draftId })}`), "getting suggestions");
      return { draftId, token: res.body<{ suggestionToken: string }>().suggestionToken };
    },
    body: (t) => ({ draftId: t.draftId, kind: "shown", suggestionCount: 3, token: t.token }),
    expect: { anonymous: 204, customer: 204, owner: 204, advocate: 204, staff: 204, admin: 204 },
  },
  {
    method: "PUT",
    path: "/api/v1/search/vocabulary",
    // Synonyms and stop words are staff work (README). The body is today's vocabulary, so no cell changes search.
    setup: async () => {
      const res = expectOk(await admin.client.get("/api/v1/search/vocabulary"), "reading the vocabulary");
      const v = res.body<{ synonyms: string[][]; stopWords: string[] }>();
      return { vocabulary: JSON.stringify({ synonyms: v.synonyms.map((g) => g.join(", ")), stopWords: v.stopWords }) };
    },
    body: (t) => JSON.parse(t.vocabulary),
    expect: { anonymous: 401, customer: 403, owner: 403, advocate: 403, staff: 200, admin: 200 },
  },
];

// ---------------------------------------------------------------------------

function fill(pattern: string, targets: Targets) {
  return pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    if (!(name in targets)) throw new Error(`the setup of ${pattern} gave no ${name}`);
    return encodeURIComponent(targets[name]);
  });
}

const label = (row: Row) => `${row.method} ${row.path}${row.variant ? ` (${row.variant})` : ""}`;

beforeAll(async () => {
  admin = await loggedIn(adminAccount);
  actors.admin = admin;
  organiser = await withRole("organiser", "staff");
  actors.customer = await signedInClient("customer");
  actors.advocate = await withRole("advocate", "advocate");
  actors.staff = await withRole("staff", "staff");
  category = `authz-${run}`;
  expectOk(await organiser.client.post("/api/v1/categories", { name: `Authorization ${run}`, slug: category }), "making the category");
  // No timer of this file's questions falls due while it runs (an early escalation would turn a 200 into a 409).
  expectOk(
    await organiser.client.put(`/api/v1/sla-policies/${category}`, {
      ...policy,
      firstResponseMinutes: 10_080,
      advocateWindowMinutes: 10_080,
      resolutionMinutes: 129_600,
    }),
    "setting the policy"
  );
});

afterAll(async () => {
  // Endpoints made here must not collect deliveries for the files that run after this one.
  const res = await admin.client.get("/api/v1/webhooks");
  for (const e of res.body<{ endpoints: { id: string; url: string }[] }>().endpoints ?? []) {
    if (e.url.includes(hookMarker)) await admin.client.delete(`/api/v1/webhooks/${e.id}`);
  }
});

// Cells share nothing but the acting members, so they run a few at a time.
describe.concurrent("who may call each mutating endpoint", () => {
  for (const row of table) {
    describe(label(row), () => {
      for (const role of roles) {
        const expected = row.expect[role];
        it(`${role}: ${expected}${row.knownIssue ? ` (fails today: ${row.knownIssue})` : ""}`, async ({ expect }) => {
          const cell = new Cell();
          const targets = (await row.setup?.(cell)) ?? {};
          const client = row.ownAccount ? await cell.fresh(role) : await cell.as(role, row.freshSession);
          const body = row.body ? row.body(targets, cell) : row.method === "DELETE" ? undefined : {};
          const path = fill(row.path, targets);
          const res = await client.request(row.method, path, body);
          expect(res.status, `${role} ${row.method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`).toBe(expected);
          if (res.status >= 400) expect(res.body().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        });
      }
    });
  }
});

describe("the table itself", () => {
  it("has a row for every method and path the route files accept, and no row for one they do not", () => {
    const files = apiRouteFiles();
    // The parser must keep seeing what the files say, or an empty result would pass.
    expect(files.find((f) => f.pattern === "/api/v1/answers/:id/accept")?.actionMethods).toEqual(["DELETE", "POST"]);
    expect(files.find((f) => f.pattern === "/api/v1/townhalls/:id/:verb")?.verbs).toEqual(
      expect.arrayContaining(["attend", "chat", "start"])
    );

    const problems = coverageProblems(
      files,
      table.map((row) => ({ method: row.method, path: row.path, label: label(row) })),
      (f) => f.actionMethods
    );
    expect(problems).toEqual([]);
  });
});
