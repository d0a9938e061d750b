import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { accountTokens, mailMessages, userRestrictions, users } from "#db/schema";
import { authenticate } from "~/auth/authenticate.server";
import { startSession } from "~/auth/lucia.server";
import { verifyPassword } from "~/auth/password.server";
import { hashAccountToken, SPENT_LINK_MESSAGE } from "~/domain/accounts/account-tokens.server";
import { confirmPasswordReset, requestPasswordReset } from "~/domain/accounts/password-reset.server";
import { signup } from "~/domain/accounts/signup.server";
import { resetConfigForTests } from "~/config.server";
import { RateLimitedError, ValidationError } from "~/domain/errors";
import { closeMailTransport } from "~/domain/mail/transport.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { useTestDatabase } from "../support/db";
import { ApiClient, newAccount, signedInClient, type ApiErrorBody } from "../support/http";
import { waitForOutbox } from "../support/outbox";
import { linkIn, startSmtpSink } from "../support/smtp-sink";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-reset-"));
useTestDatabase({ DATA_DIR: dataDir });

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const newPassword = "violet lantern harbour crossing";
let ipCounter = 0;
/** Each test asks from an address of its own, so the per-address limit only bites where a test means it to. */
const ip = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  sink = await startSmtpSink();
  resetConfigForTests({ NODE_ENV: "test", DATA_DIR: dataDir, SMTP_URL: sink.url, PUBLIC_URL: "http://forum.test" });
});
afterAll(async () => {
  closeMailTransport();
  await sink.close();
});

async function member(name: string) {
  return signup({ email: `${name}@example.test`, username: name, password: "a-long-password-1" });
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for mail");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const resetMails = (address: string) => sink.to(address).filter((m) => m.parsed.subject?.startsWith("Reset your password"));

/** Runs the lookup job and the mail it queued, as the worker would. */
async function runMailJobs() {
  await runQueuedJobs("accounts.password_reset");
  await runQueuedJobs("mail.send");
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

async function resetLinkFor(address: string) {
  const before = resetMails(address).length;
  await requestPasswordReset({ email: address }, { ip: ip() });
  await runMailJobs();
  await until(() => resetMails(address).length > before);
  const mails = resetMails(address);
  return linkIn(mails[mails.length - 1].parsed, "/reset-password");
}

describe("forgot password", () => {
  it("answers a known and an unknown address alike, and mails only the known one", async () => {
    await member("reset_known");
    const before = sink.received.length;
    await expect(requestPasswordReset({ email: "Reset_Known@example.test" }, { ip: ip() })).resolves.toBeUndefined();
    await expect(requestPasswordReset({ email: "nobody-here@example.test" }, { ip: ip() })).resolves.toBeUndefined();
    await runMailJobs();
    await until(() => resetMails("reset_known@example.test").length === 1);
    // Give a wrongly sent second message the time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    const reset = sink.received.slice(before).filter((m) => m.parsed.subject?.startsWith("Reset your password"));
    expect(reset.map((m) => m.to)).toEqual([["reset_known@example.test"]]);
    expect(sink.to("nobody-here@example.test")).toEqual([]);
    const link = linkIn(reset[0].parsed, "/reset-password");
    expect(link.origin).toBe("http://forum.test");
    expect(link.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(String(reset[0].parsed.html)).toContain("/reset-password?token=");
  });

  it("stores only the token's hash, and wipes the token from the sent message's outbox row", async () => {
    const user = await member("reset_hash");
    const link = await resetLinkFor("reset_hash@example.test");
    const token = link.searchParams.get("token")!;
    const rows = await db().select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    const reset = rows.filter((r) => r.purpose === "reset_password");
    expect(reset).toHaveLength(1);
    expect(reset[0].tokenHash).toBe(hashAccountToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const expiresIn = reset[0].expiresAt.getTime() - reset[0].createdAt.getTime();
    expect(expiresIn).toBe(3600_000);
    const mails = await db().select().from(mailMessages).where(eq(mailMessages.userId, user.id));
    expect(mails.filter((m) => m.template === "reset_password").map((m) => [m.status, m.data])).toEqual([["sent", "{}"]]);
  });

  it("sets the new password with the link once; the second use is a 400 naming the link", async () => {
    const user = await member("reset_once");
    const token = (await resetLinkFor("reset_once@example.test")).searchParams.get("token")!;
    const updated = await confirmPasswordReset({ token, password: newPassword });
    expect(updated.id).toBe(user.id);
    const [row] = await db().select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
    // Reading the mail proved the address.
    expect(row.emailVerifiedAt).not.toBeNull();
    const again = (await rejection(confirmPasswordReset({ token, password: "another quiet meadow tune" }))) as ValidationError;
    expect(again).toBeInstanceOf(ValidationError);
    expect(again.status).toBe(400);
    expect(again.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
  });

  it("refuses an expired link with a 400", async () => {
    const user = await member("reset_expired");
    const token = (await resetLinkFor("reset_expired@example.test")).searchParams.get("token")!;
    await db().update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountTokens.userId, user.id));
    const err = (await rejection(confirmPasswordReset({ token, password: newPassword }))) as ValidationError;
    expect(err.status).toBe(400);
    expect(err.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
  });

  it("keeps only the newest link working", async () => {
    await member("reset_newest");
    const first = (await resetLinkFor("reset_newest@example.test")).searchParams.get("token")!;
    const second = (await resetLinkFor("reset_newest@example.test")).searchParams.get("token")!;
    expect(second).not.toBe(first);
    expect(((await rejection(confirmPasswordReset({ token: first, password: newPassword }))) as ValidationError).fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
    await expect(confirmPasswordReset({ token: second, password: newPassword })).resolves.toMatchObject({ username: "reset_newest" });
  });

  it("ends every session of the account", async () => {
    const user = await member("reset_sessions");
    const { cookie } = await startSession(user.id, false);
    const pair = cookie.split(";")[0];
    expect((await authenticate({ cookie: pair, secure: false })).actor?.id).toBe(user.id);
    const token = (await resetLinkFor("reset_sessions@example.test")).searchParams.get("token")!;
    await confirmPasswordReset({ token, password: newPassword });
    expect((await authenticate({ cookie: pair, secure: false })).actor).toBeNull();
  });

  it("refuses a weak password with a field message and leaves the link working", async () => {
    await member("reset_weak");
    const token = (await resetLinkFor("reset_weak@example.test")).searchParams.get("token")!;
    const short = (await rejection(confirmPasswordReset({ token, password: "short" }))) as ValidationError;
    expect(short.status).toBe(400);
    expect(short.fields.password).toEqual(["Passwords have at least 10 characters."]);
    const guessable = (await rejection(confirmPasswordReset({ token, password: "password123" }))) as ValidationError;
    expect(guessable.fields.password?.[0]).toMatch(/too easy to guess/);
    const named = (await rejection(confirmPasswordReset({ token, password: "reset_weak!!" }))) as ValidationError;
    expect(named.fields.password?.[0]).toMatch(/too easy to guess/);
    await expect(confirmPasswordReset({ token, password: newPassword })).resolves.toMatchObject({ username: "reset_weak" });
  });

  it("answers bad input with 400 and field messages", async () => {
    const bad = (await rejection(requestPasswordReset({ email: "not an address" }, { ip: ip() }))) as ValidationError;
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fields)).toEqual(["email"]);
    const missing = (await rejection(confirmPasswordReset({}))) as ValidationError;
    expect(Object.keys(missing.fields).sort()).toEqual(["password", "token"]);
    const made = (await rejection(confirmPasswordReset({ token: "x".repeat(43), password: newPassword }))) as ValidationError;
    expect(made.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
  });

  it("sends nothing to deleted or suspended accounts", async () => {
    const gone = await member("reset_deleted");
    const stopped = await member("reset_suspended");
    await db().update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
    await db().insert(userRestrictions).values({ userId: stopped.id, kind: "suspended", until: new Date(Date.now() + 86400_000), reason: "Spam." });
    await requestPasswordReset({ email: "reset_deleted@example.test" }, { ip: ip() });
    await requestPasswordReset({ email: "reset_suspended@example.test" }, { ip: ip() });
    await runMailJobs();
    await new Promise((r) => setTimeout(r, 300));
    expect(resetMails("reset_deleted@example.test")).toEqual([]);
    expect(resetMails("reset_suspended@example.test")).toEqual([]);
    const tokens = await db().select().from(accountTokens).where(eq(accountTokens.purpose, "reset_password"));
    expect(tokens.filter((t) => t.userId === gone.id || t.userId === stopped.id)).toEqual([]);
  });

  it("limits requests per address, known or not, with 429", async () => {
    for (let i = 0; i < 5; i++) await requestPasswordReset({ email: "flooded@example.test" }, { ip: ip() });
    const err = await rejection(requestPasswordReset({ email: "FLOODED@example.test" }, { ip: ip() }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).status).toBe(429);
  });
});

describe("forgot password through the API and the server's outbox", () => {
  it("POST /auth/password-reset is 202 for known and unknown addresses; the link works once; other sessions end", async () => {
    const { client, account } = await signedInClient("apireset");
    expect((await client.get("/api/v1/me")).status).toBe(200);
    const anonymous = new ApiClient();
    const known = await anonymous.post("/api/v1/auth/password-reset", { email: account.email });
    const unknown = await anonymous.post("/api/v1/auth/password-reset", { email: newAccount("ghost").email });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual(known.json);

    const mails = await waitForOutbox(account.email, 2);
    const reset = mails.find((m) => m.subject?.startsWith("Reset your password"));
    expect(reset).toBeDefined();
    const token = linkIn(reset!, "/reset-password").searchParams.get("token")!;

    const weak = await anonymous.post("/api/v1/auth/password-reset/confirm", { token, password: "short" });
    expect(weak.status).toBe(400);
    expect(Object.keys(weak.body<ApiErrorBody>().error.fields ?? {})).toEqual(["password"]);

    const ok = await anonymous.post("/api/v1/auth/password-reset/confirm", { token, password: newPassword });
    expect(ok.status).toBe(200);
    expect(ok.body<{ user: { username: string; emailVerified: boolean } }>().user).toMatchObject({ username: account.username, emailVerified: true });
    // The session the member had before the reset is gone.
    expect((await client.get("/api/v1/me")).status).toBe(401);

    const reused = await anonymous.post("/api/v1/auth/password-reset/confirm", { token, password: "another quiet meadow tune" });
    expect(reused.status).toBe(400);
    expect(reused.body<ApiErrorBody>().error.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });

    const login = await new ApiClient().post("/api/v1/auth/login", { login: account.username, password: newPassword });
    expect(login.status).toBe(200);
  });

  it("answers bad input with 400 and fields, and a used or made-up link's page with 400, never 500", async () => {
    const anonymous = new ApiClient();
    const bad = await anonymous.post("/api/v1/auth/password-reset", { email: 42 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body<ApiErrorBody>().error.fields ?? {})).toEqual(["email"]);
    const none = await anonymous.post("/api/v1/auth/password-reset/confirm", { token: ["x"], password: null });
    expect(none.status).toBe(400);
    expect(Object.keys(none.body<ApiErrorBody>().error.fields ?? {}).sort()).toEqual(["password", "token"]);
    const page = await anonymous.get("/reset-password?token=made-up", { Accept: "text/html" });
    expect(page.status).toBe(400);
    expect(page.text).toContain("This link has expired or was already used");
    expect(page.text).toContain('href="/forgot-password"');
    const noToken = await anonymous.get("/reset-password", { Accept: "text/html" });
    expect(noToken.status).toBe(400);
  });

  it("GET /reset-password does not spend the link", async () => {
    const { account } = await signedInClient("peek");
    await new ApiClient().post("/api/v1/auth/password-reset", { email: account.email });
    const [reset] = (await waitForOutbox(account.email, 2)).filter((m) => m.subject?.startsWith("Reset your password"));
    const link = linkIn(reset, "/reset-password");
    const anonymous = new ApiClient();
    for (let i = 0; i < 2; i++) {
      const page = await anonymous.get(link.pathname + link.search, { Accept: "text/html" });
      expect(page.status).toBe(200);
      expect(page.text).toContain("Choose a new password");
    }
    const set = await anonymous.post("/api/v1/auth/password-reset/confirm", { token: link.searchParams.get("token"), password: newPassword });
    expect(set.status).toBe(200);
  });
});
