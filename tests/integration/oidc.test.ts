/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) started
 * here, with forum servers of the test's own: one with password sign-in beside
 * the provider's button, one with OIDC_ONLY whose provider is unreachable.
 * The browser is plain fetch with a cookie jar per host, following redirects
 * by hand so each hop can be checked (and tampered with).
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../search/embedded.server";
import { startForumServer, type ForumServer } from "../support/forum-server";
import { startOidcProvider, type ProviderAccount } from "../support/oidc-provider";

const clientId = "forum-test";
const clientSecret = "forum-test-secret-0123456789";
const admin = { email: "sso-admin@corp.test", username: "ssoadmin", password: "admin-password-123" };
const servers: ForumServer[] = [];

const accounts: Record<string, ProviderAccount> = {
  alice: { email: "Alice.Smith@corp.test", email_verified: true, name: "Alice Smith", preferred_username: "alice.smith" },
  bob: { email: "bob@corp.test", email_verified: true, name: "Bob", preferred_username: "bob" },
  carol: { email: "carol@corp.test", email_verified: false, name: "Carol", preferred_username: "carol" },
  dave: { email: "dave@corp.test", email_verified: false, preferred_username: "dave" },
  erin: { email: "erin@corp.test", email_verified: true, preferred_username: "erin", groups: ["everyone", "forum-staff"] },
  // The forum's bootstrapped admin, in the staff group: must stay admin.
  boss: { email: admin.email, email_verified: true, preferred_username: "boss", groups: ["forum-staff"] },
  // Takes alice's preferred username: gets the next free one.
  alice2: { email: "alice.smith@elsewhere.test", email_verified: true, preferred_username: "alice.smith" },
};

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let app: ForumServer;
let only: ForumServer;

async function startForum(name: string, port: number, extra: Record<string, string>) {
  const server = await startForumServer(name, port, {
    ADMIN_EMAIL: admin.email,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    ...extra,
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  const [providerPort, appPort, onlyPort, deadPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  provider = await startOidcProvider({
    port: providerPort,
    clientId,
    clientSecret,
    redirectUris: [`http://127.0.0.1:${appPort}/auth/oidc/callback`],
    accounts,
  });
  const common = {
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_ALLOW_HTTP: "true",
    OIDC_NAME: "Sign in with Nimbus ID",
  };
  [app, only] = await Promise.all([
    startForum("app", appPort, {
      ...common,
      OIDC_ISSUER: provider.issuer,
      OIDC_STAFF_GROUP: "forum-staff",
      OIDC_SCOPES: "openid email profile groups",
    }),
    // Nothing listens on deadPort: the provider is down. No ADMIN_*: first-run /setup is open.
    startForum("only", onlyPort, {
      ...common,
      OIDC_ISSUER: `http://127.0.0.1:${deadPort}`,
      OIDC_ONLY: "true",
      ADMIN_EMAIL: "",
      ADMIN_USERNAME: "",
      ADMIN_PASSWORD: "",
    }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await provider?.close();
}, 60_000);

/** A browser without JavaScript: cookies per host:port, redirects followed one hop at a time. */
class Browser {
  private jars = new Map<string, Map<string, string>>();

  cookie(url: string | URL, name: string) {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  async request(url: string | URL, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}) {
    const target = new URL(url);
    const jar = this.jars.get(target.host) ?? new Map<string, string>();
    this.jars.set(target.host, jar);
    const headers: Record<string, string> = { Accept: init.json === undefined ? "text/html" : "application/json" };
    if (jar.size) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (init.method && init.method !== "GET") headers.Origin = target.origin;
    const res = await fetch(target, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    }
    return { res, text: await res.text(), url: target };
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stop` says to stop at a hop. */
  async follow(url: string | URL, stop: (next: URL) => boolean = () => false) {
    let current = new URL(url);
    for (let hops = 0; hops < 20; hops += 1) {
      const answer = await this.request(current);
      const location = answer.res.headers.get("location");
      if (answer.res.status < 300 || answer.res.status >= 400 || !location) return answer;
      const next = new URL(location, current);
      if (stop(next)) return { ...answer, next };
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** From the forum's button to the provider's login form, signed in there as `login`, up to the hop back to our callback. */
  async toCallback(baseUrl: string, login: string, start = "/auth/oidc") {
    const form = await this.follow(`${baseUrl}${start}`);
    expect(form.res.status).toBe(200);
    expect(form.url.origin).toBe(provider.issuer);
    expect(form.text).toContain('name="login"');
    const posted = await this.request(form.url, { method: "POST", form: { login } });
    expect(posted.res.status).toBe(303);
    const back = await this.follow(new URL(posted.res.headers.get("location")!, form.url), (next) => next.origin === baseUrl);
    expect(back).toHaveProperty("next");
    const callback = (back as { next: URL }).next;
    expect(callback.pathname).toBe("/auth/oidc/callback");
    return callback;
  }

  async signIn(baseUrl: string, login: string, start?: string) {
    const callback = await this.toCallback(baseUrl, login, start);
    return this.request(callback);
  }

  async me(baseUrl: string) {
    const { res, text } = await this.request(`${baseUrl}/api/v1/me`, { json: undefined });
    return { status: res.status, body: JSON.parse(text) as { user: { id: string; username: string; role: string } } };
  }
}

async function query<T extends Record<string, unknown>>(text: string, params: string[]): Promise<T[]> {
  const sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    return (await sql.unsafe(text, params)) as unknown as T[];
  } finally {
    await sql.end();
  }
}

describe("the login and sign-up pages", () => {
  it("offer the provider's button, a plain link above the password form", async () => {
    for (const page of ["/login", "/signup"]) {
      const { res, text } = await new Browser().request(`${app.baseUrl}${page}`);
      expect(res.status).toBe(200);
      expect(text).toMatch(/<a href="\/auth\/oidc"[^>]*>Sign in with Nimbus ID<\/a>/);
      expect(text).toContain('type="password"');
      expect(text.indexOf("Sign in with Nimbus ID")).toBeLessThan(text.indexOf('type="password"'));
    }
  });

  it("carry redirectTo through the button", async () => {
    const { text } = await new Browser().request(`${app.baseUrl}/login?redirectTo=${encodeURIComponent("/questions?sort=new")}`);
    expect(text).toContain(`href="/auth/oidc?redirectTo=%2Fquestions%3Fsort%3Dnew"`);
  });
});

describe("signing in with the provider", () => {
  it("sends the browser to the provider with PKCE (S256), state and nonce, remembered in an httpOnly cookie", async () => {
    const browser = new Browser();
    const { res } = await browser.request(`${app.baseUrl}/auth/oidc`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("client_id")).toBe(clientId);
    expect(to.searchParams.get("redirect_uri")).toBe(`${app.baseUrl}/auth/oidc/callback`);
    expect(to.searchParams.get("scope")).toBe("openid email profile groups");
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get("nonce")).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("forum_oidc="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/auth\/oidc/);
    // The verifier never leaves for the provider.
    expect(res.headers.get("location")).not.toContain("code_verifier");
  });

  it("creates an account on the first sign-in, named from preferred_username, and signs it in", async () => {
    const browser = new Browser();
    const landed = await browser.signIn(app.baseUrl, "alice");
    expect(landed.res.status).toBe(302);
    expect(landed.res.headers.get("location")).toBe("/");
    expect(browser.cookie(app.baseUrl, "forum_session")).toBeTruthy();
    expect(browser.cookie(app.baseUrl, "forum_oidc")).toBeUndefined();
    const me = await browser.me(app.baseUrl);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: "alice_smith", role: "customer" });
    if (app.databaseUrl) {
      const [row] = await query<{ email: string; display_name: string; verified: boolean }>(
        "select email, display_name, email_verified_at is not null as verified from users where id = $1",
        [me.body.user.id]
      );
      expect(row).toEqual({ email: "alice.smith@corp.test", display_name: "Alice Smith", verified: true });
      const identities = await query<{ issuer: string; subject: string }>(
        "select issuer, subject from user_identities where user_id = $1",
        [me.body.user.id]
      );
      expect(identities).toEqual([{ issuer: provider.issuer, subject: "alice" }]);
    }
  });

  it("signs the same account in the next time, by the provider's subject", async () => {
    const first = new Browser();
    await first.signIn(app.baseUrl, "alice");
    const again = new Browser();
    await again.signIn(app.baseUrl, "alice");
    expect((await again.me(app.baseUrl)).body.user.id).toBe((await first.me(app.baseUrl)).body.user.id);
  });

  it("gives a namesake the next free username", async () => {
    const browser = new Browser();
    await browser.signIn(app.baseUrl, "alice2");
    expect((await browser.me(app.baseUrl)).body.user.username).toBe("alice_smith-2");
  });

  it("links a verified email to the existing password account", async () => {
    const signup = await new Browser().request(`${app.baseUrl}/api/v1/auth/signup`, {
      method: "POST",
      json: { email: "bob@corp.test", username: "bob_password", password: "a-long-password-1" },
    });
    expect(signup.res.status).toBe(201);
    const created = (JSON.parse(signup.text) as { user: { id: string } }).user;
    const browser = new Browser();
    expect((await browser.signIn(app.baseUrl, "bob")).res.status).toBe(302);
    const me = await browser.me(app.baseUrl);
    expect(me.body.user).toMatchObject({ id: created.id, username: "bob_password" });
    if (app.databaseUrl) {
      // The provider vouched for the very address: it counts as confirmed.
      const [row] = await query<{ verified: boolean }>("select email_verified_at is not null as verified from users where id = $1", [
        created.id,
      ]);
      expect(row.verified).toBe(true);
    }
    // And the password still works.
    const login = await new Browser().request(`${app.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      json: { login: "bob@corp.test", password: "a-long-password-1" },
    });
    expect(login.res.status).toBe(200);
  });

  it("never links an unverified email: refused (409) when an account has it, a new unconfirmed account when none does", async () => {
    const signup = await new Browser().request(`${app.baseUrl}/api/v1/auth/signup`, {
      method: "POST",
      json: { email: "carol@corp.test", username: "carol_password", password: "a-long-password-1" },
    });
    expect(signup.res.status).toBe(201);
    const browser = new Browser();
    const refused = await browser.signIn(app.baseUrl, "carol");
    expect(refused.res.status).toBe(409);
    expect(refused.text).toContain("has not verified your email address");
    expect(browser.cookie(app.baseUrl, "forum_session")).toBeUndefined();
    expect(browser.cookie(app.baseUrl, "forum_oidc")).toBeUndefined();

    const dave = new Browser();
    expect((await dave.signIn(app.baseUrl, "dave")).res.status).toBe(302);
    const me = await dave.me(app.baseUrl);
    expect(me.body.user.username).toBe("dave");
    if (app.databaseUrl) {
      const [row] = await query<{ verified: boolean }>("select email_verified_at is not null as verified from users where id = $1", [
        me.body.user.id,
      ]);
      expect(row.verified).toBe(false);
    }
  });

  it("makes a member of OIDC_STAFF_GROUP staff, and leaves an admin an admin", async () => {
    const erin = new Browser();
    await erin.signIn(app.baseUrl, "erin");
    expect((await erin.me(app.baseUrl)).body.user).toMatchObject({ username: "erin", role: "staff" });

    const boss = new Browser();
    await boss.signIn(app.baseUrl, "boss");
    expect((await boss.me(app.baseUrl)).body.user).toMatchObject({ username: admin.username, role: "admin" });
    if (app.databaseUrl) {
      const audit = await query<{ action: string; target_label: string }>(
        "select action, target_label from audit_log where action = 'user.role_changed'",
        []
      );
      expect(audit).toEqual([{ action: "user.role_changed", target_label: "erin" }]);
    }
  });

  it("lands on redirectTo when it is a path here, and on / when it is not", async () => {
    const back = new Browser();
    const landed = await back.signIn(app.baseUrl, "alice", `/auth/oidc?redirectTo=${encodeURIComponent("/questions?sort=new")}`);
    expect(landed.res.headers.get("location")).toBe("/questions?sort=new");
    const away = new Browser();
    const safe = await away.signIn(app.baseUrl, "alice", `/auth/oidc?redirectTo=${encodeURIComponent("//evil.example/steal")}`);
    expect(safe.res.headers.get("location")).toBe("/");
  });
});

describe("a callback that is not this browser's sign-in", () => {
  it("is refused with 400 when the state was changed", async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(app.baseUrl, "alice");
    callback.searchParams.set("state", "not-the-state-we-sent-at-all");
    const answer = await browser.request(callback);
    expect(answer.res.status).toBe(400);
    expect(answer.text).toContain("That sign-in link is no longer valid, try again");
    expect(answer.text).toContain('href="/auth/oidc"');
    expect(browser.cookie(app.baseUrl, "forum_session")).toBeUndefined();
    // The attempt is spent: a retry starts a fresh one.
    expect(browser.cookie(app.baseUrl, "forum_oidc")).toBeUndefined();
  });

  it("is refused with 400 when the browser never started it (no cookie), even with the right state", async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(app.baseUrl, "alice");
    const stranger = new Browser();
    const answer = await stranger.request(callback);
    expect(answer.res.status).toBe(400);
    expect(answer.text).toContain("That sign-in link is no longer valid, try again");
    expect(stranger.cookie(app.baseUrl, "forum_session")).toBeUndefined();
  });

  it("is refused with 400 when the state is missing or the cookie was tampered with", async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(app.baseUrl, "alice");
    const withoutState = new URL(callback);
    withoutState.searchParams.delete("state");
    expect((await browser.request(withoutState)).res.status).toBe(400);

    const forger = new Browser();
    const started = await forger.request(`${app.baseUrl}/auth/oidc`);
    const state = new URL(started.res.headers.get("location")!).searchParams.get("state")!;
    const sealed = forger.cookie(app.baseUrl, "forum_oidc")!;
    const [body] = sealed.split(".");
    const changed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { redirectTo: string };
    changed.redirectTo = "/admin";
    const res = await fetch(`${app.baseUrl}/auth/oidc/callback?code=x&state=${state}`, {
      headers: { Cookie: `forum_oidc=${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${sealed.split(".")[1]}` },
      redirect: "manual",
    });
    expect(res.status).toBe(400);
  });

  it("does not sign in twice with one code", async () => {
    const browser = new Browser();
    const callback = await browser.toCallback(app.baseUrl, "alice");
    const cookie = browser.cookie(app.baseUrl, "forum_oidc")!;
    expect((await browser.request(callback)).res.status).toBe(302);
    const replay = await fetch(callback, { headers: { Cookie: `forum_oidc=${cookie}` }, redirect: "manual" });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("forum_session=") && !c.startsWith("forum_session=;"))).toBe(false);
  });
});

describe("with OIDC_ONLY", () => {
  it("shows only the provider's button on /login, and /signup sends people there", async () => {
    const { res, text } = await new Browser().request(`${only.baseUrl}/login`);
    expect(res.status).toBe(200);
    expect(text).toContain("Sign in with Nimbus ID");
    expect(text).not.toContain('type="password"');
    // The card's "Create an account" goes (the header's "Sign up" stays, and lands on this page).
    expect(text).not.toContain("Create an account");
    const signup = await new Browser().request(`${only.baseUrl}/signup?redirectTo=%2Fask`);
    expect(signup.res.status).toBe(302);
    expect(signup.res.headers.get("location")).toBe("/login?redirectTo=%2Fask");
  });

  it("refuses password login and sign-up on the API with 403 password_sign_in_disabled", async () => {
    const login = await new Browser().request(`${only.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      json: { login: admin.username, password: admin.password },
    });
    expect(login.res.status).toBe(403);
    expect(JSON.parse(login.text)).toEqual({
      error: { code: "password_sign_in_disabled", message: expect.stringContaining("single sign-on") },
    });
    const signup = await new Browser().request(`${only.baseUrl}/api/v1/auth/signup`, {
      method: "POST",
      json: { email: "someone@corp.test", username: "someone", password: "a-long-password-1" },
    });
    expect(signup.res.status).toBe(403);
    expect((JSON.parse(signup.text) as { error: { code: string } }).error.code).toBe("password_sign_in_disabled");
  });

  it("refuses the password form posted anyway", async () => {
    const res = await fetch(`${only.baseUrl}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: only.baseUrl },
      body: new URLSearchParams({ intent: "login", login: admin.username, password: admin.password }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("forum_session=") && !c.startsWith("forum_session=;"))).toBe(false);
  });

  it("answers a clear 503 page at /auth/oidc when the provider cannot be reached, and keeps /login up", async () => {
    const first = await new Browser().request(`${only.baseUrl}/auth/oidc`);
    expect(first.res.status).toBe(503);
    expect(first.res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(first.text).toContain("Single sign-on is unavailable");
    expect(first.text).toContain('href="/auth/oidc"');
    // Not a cached failure: the next visit asks the provider again, and still answers 503, never 500.
    expect((await new Browser().request(`${only.baseUrl}/auth/oidc`)).res.status).toBe(503);
    expect((await new Browser().request(`${only.baseUrl}/login`)).res.status).toBe(200);
    expect((await new Browser().request(`${only.baseUrl}/auth/oidc/callback?code=x&state=y`)).res.status).toBe(400);
  });

  it("still lets first-run /setup make the first admin with a password", async () => {
    const res = await fetch(`${only.baseUrl}/setup`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: only.baseUrl },
      body: new URLSearchParams({
        intent: "setup",
        communityName: "Nimbus Staff Forum",
        email: "first-admin@corp.test",
        username: "firstadmin",
        password: "tide-charts-and-lanterns-42",
        categories: "General",
      }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const me = await fetch(`${only.baseUrl}/api/v1/me`, { headers: { Cookie: cookie } });
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe("admin");
  });
});
