import { describe, expect, inject, it } from "vitest";
import { ApiClient, newAccount, signedInClient, type UserBody } from "../support/http";

describe("GET /healthz", () => {
  it("reports every part as up", async () => {
    const res = await new ApiClient().get("/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok", db: "ok", search: "ok", realtime: "ok" });
  });
});

describe("POST /api/v1/auth/signup", () => {
  it("creates the account, answers 201 with the user and sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const client = new ApiClient();
    const account = newAccount("signup");
    const res = await client.post("/api/v1/auth/signup", account);
    expect(res.status).toBe(201);
    const { user } = res.body<UserBody>();
    expect(user).toMatchObject({ username: account.username, role: "customer", reputation: 0, url: `/u/${account.username}` });
    expect(typeof user.id).toBe("string");
    expect(JSON.stringify(res.json)).not.toContain(account.password);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^forum_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure comes with HTTPS

    const me = await client.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ user: { id: user.id, username: account.username, role: "customer", reputation: 0, url: user.url, emailVerified: false } });
  });

  it("answers bad input with 400 and a message per field", async () => {
    const res = await new ApiClient().post("/api/v1/auth/signup", { email: "not-an-email", username: "a", password: "short" });
    expect(res.status).toBe(400);
    expect(res.body().error.code).toBe("invalid");
    expect(Object.keys(res.body().error.fields ?? {}).sort()).toEqual(["email", "password", "username"]);
  });

  it("answers malformed JSON with 400, not 500", async () => {
    const res = await new ApiClient().post("/api/v1/auth/signup", "{not json");
    expect(res.status).toBe(400);
    expect(res.body().error.code).toBe("invalid");
  });

  it("answers a taken username with 409 naming the field", async () => {
    const { account } = await signedInClient("dup");
    const res = await new ApiClient().post("/api/v1/auth/signup", { ...newAccount("dup2"), username: account.username.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.body().error.fields).toEqual({ username: ["This username is taken."] });
  });
});

describe("POST /api/v1/auth/login and logout", () => {
  it("logs in by email or username and logs out with 204", async () => {
    const { account } = await signedInClient("login");
    for (const login of [account.email, account.username]) {
      const client = new ApiClient();
      const res = await client.post("/api/v1/auth/login", { login, password: account.password });
      expect(res.status).toBe(200);
      expect(res.body<UserBody>().user.username).toBe(account.username);
      expect((await client.get("/api/v1/me")).status).toBe(200);
      const out = await client.post("/api/v1/auth/logout");
      expect(out.status).toBe(204);
      expect((await client.get("/api/v1/me")).status).toBe(401);
    }
  });

  it("answers 401 alike for an unknown user and a wrong password", async () => {
    const { account } = await signedInClient("wrong");
    const wrong = await new ApiClient().post("/api/v1/auth/login", { login: account.username, password: "not-the-password" });
    const unknown = await new ApiClient().post("/api/v1/auth/login", { login: "no-such-user-anywhere", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
  });

  it("rate limits an account with 429 and Retry-After", async () => {
    const { account } = await signedInClient("limited");
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await new ApiClient().post("/api/v1/auth/login", { login: account.username, password: "not-the-password" });
      last = res.status;
      retryAfter = res.headers.get("retry-after");
      if (res.status === 429) break;
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const right = await new ApiClient().post("/api/v1/auth/login", { login: account.username, password: account.password });
    expect(right.status).toBe(429);
  });

  it("logging out needs a session", async () => {
    expect((await new ApiClient().post("/api/v1/auth/logout")).status).toBe(401);
  });
});

describe("cross-origin protection", () => {
  it("refuses a cookie-authenticated mutation from another origin, or with no Origin at all", async () => {
    const { client } = await signedInClient("origin");
    const foreign = await client.post("/api/v1/tokens", { name: "x" }, { Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body().error.code).toBe("forbidden");
    client.origin = null;
    expect((await client.post("/api/v1/tokens", { name: "x" })).status).toBe(403);
    client.origin = client.baseUrl;
    expect((await client.post("/api/v1/tokens", { name: "x" })).status).toBe(201);
  });
});

describe("personal access tokens", () => {
  it("are shown once, then authenticate API calls without cookie or Origin", async () => {
    const { client, account } = await signedInClient("pat");
    const created = await client.post("/api/v1/tokens", { name: "Helpdesk" });
    expect(created.status).toBe(201);
    const { token } = created.body<{ token: string }>();
    expect(token).toMatch(/^fpat_/);

    const listed = await client.get("/api/v1/tokens");
    expect(JSON.stringify(listed.json)).not.toContain(token);

    const bot = new ApiClient({ sameOrigin: false });
    bot.token = token;
    const me = await bot.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body<UserBody>().user.username).toBe(account.username);
    expect((await bot.post("/api/v1/tokens", { name: "made by a token" })).status).toBe(201);

    bot.token = "fpat_nonsense";
    expect((await bot.get("/api/v1/me")).status).toBe(401);
  });
});

describe("PATCH /api/v1/users/:username/role", () => {
  it("lets the bootstrapped admin promote a member and refuses a customer", async () => {
    const { admin } = inject("env");
    const adminClient = new ApiClient();
    expect((await adminClient.post("/api/v1/auth/login", { login: admin.email, password: admin.password })).status).toBe(200);
    const { client: customer, account } = await signedInClient("promote");

    const denied = await customer.patch(`/api/v1/users/${account.username}/role`, { role: "admin" });
    expect(denied.status).toBe(403);

    const bad = await adminClient.patch(`/api/v1/users/${account.username}/role`, { role: "overlord" });
    expect(bad.status).toBe(400);
    expect(bad.body().error.fields?.role).toBeDefined();

    const missing = await adminClient.patch(`/api/v1/users/nobody-by-that-name/role`, { role: "staff" });
    expect(missing.status).toBe(404);

    const ok = await adminClient.patch(`/api/v1/users/${account.username}/role`, { role: "advocate" });
    expect(ok.status).toBe(200);
    expect(ok.body<UserBody>().user.role).toBe("advocate");
    expect((await customer.get("/api/v1/me")).body<UserBody>().user.role).toBe("advocate");
  });
});

describe("unknown API paths", () => {
  it("answer 404 in the error shape", async () => {
    const res = await new ApiClient().get("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body().error.code).toBe("not_found");
  });
});
