import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { accountTokens, mailMessages, users } from "#db/schema";
import { authenticate } from "~/auth/authenticate.server";
import { startSession } from "~/auth/lucia.server";
import { verifyPassword } from "~/auth/password.server";
import { changeEmail, changePassword } from "~/domain/accounts/account-settings.server";
import { SPENT_LINK_MESSAGE } from "~/domain/accounts/account-tokens.server";
import { isEmailVerified, pendingVerification, resendVerification, verifyEmail } from "~/domain/accounts/email-verification.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { createCategory } from "~/domain/categories/manage.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { resetConfigForTests } from "~/config.server";
import { ConflictError, RateLimitedError, ValidationError } from "~/domain/errors";
import { closeMailTransport } from "~/domain/mail/transport.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import type { Actor } from "~/auth/policies";
import { useTestDatabase } from "../support/db";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";
import { waitForOutbox } from "../support/outbox";
import { linkIn, startSmtpSink } from "../support/smtp-sink";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-verify-"));
useTestDatabase({ DATA_DIR: dataDir });

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const password = "a-long-password-1";

beforeAll(async () => {
  sink = await startSmtpSink();
  resetConfigForTests({ NODE_ENV: "test", DATA_DIR: dataDir, SMTP_URL: sink.url, PUBLIC_URL: "http://forum.test" });
});
afterAll(async () => {
  closeMailTransport();
  await sink.close();
});

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for mail");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mailsWith = (address: string, subject: string) => sink.to(address).filter((m) => m.parsed.subject?.includes(subject));

/** Sends what is queued and returns the newest message to `address` whose subject has `subject`. */
async function newest(address: string, subject: string, before = 0) {
  await runQueuedJobs("mail.send");
  await until(() => mailsWith(address, subject).length > before);
  const found = mailsWith(address, subject);
  return found[found.length - 1].parsed;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

async function member(name: string): Promise<Actor> {
  return toActor(await signup({ email: `${name}@example.test`, username: name, password }));
}

const tokenOf = (url: URL) => url.searchParams.get("token")!;

describe("email verification", () => {
  it("mails a link on sign-up that confirms the address once", async () => {
    const me = await member("ver_once");
    expect(await isEmailVerified(me.id)).toBe(false);
    expect(await pendingVerification(me)).toEqual({ email: "ver_once@example.test" });
    const mail = await newest("ver_once@example.test", "Confirm your email address");
    const link = linkIn(mail, "/verify-email");
    expect(link.origin).toBe("http://forum.test");
    const user = await verifyEmail({ token: tokenOf(link) });
    expect(user.id).toBe(me.id);
    expect(await isEmailVerified(me.id)).toBe(true);
    expect(await pendingVerification(me)).toBeNull();
    const again = (await rejection(verifyEmail({ token: tokenOf(link) }))) as ValidationError;
    expect(again.status).toBe(400);
    expect(again.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
    // The sent message keeps no working link in the outbox.
    const rows = await db().select().from(mailMessages).where(eq(mailMessages.userId, me.id));
    expect(rows.map((r) => [r.template, r.status, r.data])).toEqual([["verify_email", "sent", "{}"]]);
  });

  it("refuses an expired link, and a resent link replaces the old one", async () => {
    const me = await member("ver_expired");
    const first = linkIn(await newest("ver_expired@example.test", "Confirm your email address"), "/verify-email");
    const [row] = await db().select().from(accountTokens).where(eq(accountTokens.userId, me.id));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(48 * 3600_000);
    await db().update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountTokens.userId, me.id));
    expect(((await rejection(verifyEmail({ token: tokenOf(first) }))) as ValidationError).status).toBe(400);

    await db().update(accountTokens).set({ expiresAt: new Date(Date.now() + 3600_000) }).where(eq(accountTokens.userId, me.id));
    expect(await resendVerification(me)).toEqual({ sent: true, email: "ver_expired@example.test" });
    const second = linkIn(await newest("ver_expired@example.test", "Confirm your email address", 1), "/verify-email");
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    // Only the newest link works, though the first has not expired any more.
    expect(((await rejection(verifyEmail({ token: tokenOf(first) }))) as ValidationError).fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
    await expect(verifyEmail({ token: tokenOf(second) })).resolves.toMatchObject({ id: me.id });
    // Nothing more to send once confirmed.
    expect(await resendVerification(me)).toEqual({ sent: false, email: "ver_expired@example.test" });
  });

  it("limits resends with 429", async () => {
    const me = await member("ver_resends");
    for (let i = 0; i < 3; i++) await resendVerification(me);
    const err = await rejection(resendVerification(me));
    expect(err).toBeInstanceOf(RateLimitedError);
  });

  it("answers bad input with 400 and field messages", async () => {
    expect(((await rejection(verifyEmail({}))) as ValidationError).fields).toMatchObject({ token: [expect.any(String)] });
    expect(((await rejection(verifyEmail({ token: 42 }))) as ValidationError).status).toBe(400);
    expect(((await rejection(verifyEmail({ token: "x".repeat(500) }))) as ValidationError).fields).toMatchObject({ token: [expect.any(String)] });
    expect(((await rejection(verifyEmail({ token: "y".repeat(43) }))) as ValidationError).fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
  });

  it("keeps an unconfirmed account under the new-account posting limit, however old", async () => {
    const staff = await member("ver_staff");
    await db().update(users).set({ role: "staff" }).where(eq(users.id, staff.id));
    await createCategory({ ...staff, role: "staff" }, { name: "Speakers", slug: "ver-speakers" });
    const me = await member("ver_limited");
    await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000) }).where(eq(users.id, me.id));
    const ask = (i: number) => askQuestion(me, { title: `Speaker number ${i} will not join the group`, body: "It shows up in the app but never joins the group with the others.", category: "ver-speakers" });
    for (let i = 0; i < 5; i++) await ask(i);
    expect(await rejection(ask(5))).toBeInstanceOf(RateLimitedError);
    // Confirmed, a month-old account posts like any other.
    const link = linkIn(await newest("ver_limited@example.test", "Confirm your email address"), "/verify-email");
    await verifyEmail({ token: tokenOf(link) });
    await expect(ask(6)).resolves.toBeDefined();
  });
});

describe("changing the email address", () => {
  it("needs the current password, sets the new address unconfirmed, mails a link there and a notice to the old one", async () => {
    const me = await member("chg_email");
    const oldLink = linkIn(await newest("chg_email@example.test", "Confirm your email address"), "/verify-email");
    await verifyEmail({ token: tokenOf(oldLink) });

    const wrong = (await rejection(changeEmail(me, { email: "chg_new@example.test", password: "not-my-password" }))) as ValidationError;
    expect(wrong.status).toBe(400);
    expect(wrong.fields).toEqual({ password: ["That is not your current password."] });

    const user = await changeEmail(me, { email: "Chg_New@Example.test", password });
    expect(user.email).toBe("chg_new@example.test");
    expect(user.emailVerifiedAt).toBeNull();
    expect(await pendingVerification(me)).toEqual({ email: "chg_new@example.test" });

    const notice = await newest("chg_email@example.test", "email address of your");
    expect(notice.text).toContain("ch…@example.test");
    expect(notice.text).not.toContain("chg_new@example.test");
    const link = linkIn(await newest("chg_new@example.test", "Confirm your email address"), "/verify-email");
    await verifyEmail({ token: tokenOf(link) });
    expect(await isEmailVerified(me.id)).toBe(true);
    expect(((await rejection(verifyEmail({ token: tokenOf(link) }))) as ValidationError).status).toBe(400);
  });

  it("does not let a link sent to the old address confirm the new one", async () => {
    const me = await member("chg_stale");
    const stale = linkIn(await newest("chg_stale@example.test", "Confirm your email address"), "/verify-email");
    await changeEmail(me, { email: "chg_stale_new@example.test", password });
    expect(((await rejection(verifyEmail({ token: tokenOf(stale) }))) as ValidationError).fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
    expect(await isEmailVerified(me.id)).toBe(false);
  });

  it("refuses an address another account uses (409 with the field), its own address, and bad input (400 with fields)", async () => {
    const me = await member("chg_taken");
    await member("chg_owner");
    const taken = (await rejection(changeEmail(me, { email: "CHG_OWNER@example.test", password }))) as ConflictError;
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.fields ?? {})).toEqual(["email"]);
    const same = (await rejection(changeEmail(me, { email: "chg_taken@example.test", password }))) as ValidationError;
    expect(same.fields).toEqual({ email: ["That is already your address."] });
    const bad = (await rejection(changeEmail(me, { email: "nope", password: "" }))) as ValidationError;
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fields).sort()).toEqual(["email", "password"]);
  });
});

describe("changing the password", () => {
  it("checks the current password and the new one's strength, then ends the other sessions and keeps this one", async () => {
    const me = await member("chg_pass");
    const here = await startSession(me.id, false);
    const there = await startSession(me.id, false);
    const cookie = (c: string) => c.split(";")[0];

    const wrong = (await rejection(changePassword(me, { currentPassword: "nope-nope-nope", password: "violet lantern harbour crossing" }, { sessionId: here.sessionId }))) as ValidationError;
    expect(wrong.fields).toEqual({ currentPassword: ["That is not your current password."] });
    const weak = (await rejection(changePassword(me, { currentPassword: password, password: "password123" }, { sessionId: here.sessionId }))) as ValidationError;
    expect(Object.keys(weak.fields)).toEqual(["password"]);
    const missing = (await rejection(changePassword(me, {}, { sessionId: here.sessionId }))) as ValidationError;
    expect(Object.keys(missing.fields).sort()).toEqual(["currentPassword", "password"]);

    await changePassword(me, { currentPassword: password, password: "violet lantern harbour crossing" }, { sessionId: here.sessionId });
    const [row] = await db().select().from(users).where(eq(users.id, me.id));
    expect(await verifyPassword(row.passwordHash, "violet lantern harbour crossing")).toBe(true);
    expect((await authenticate({ cookie: cookie(here.cookie), secure: false })).actor?.id).toBe(me.id);
    expect((await authenticate({ cookie: cookie(there.cookie), secure: false })).actor).toBeNull();
  });
});

describe("through the API and the server's outbox", () => {
  it("GET /me says emailVerified; the mailed link confirms once through POST /auth/verify", async () => {
    const { client, account } = await signedInClient("apiverify");
    expect((await client.get("/api/v1/me")).body<{ user: { emailVerified: boolean } }>().user.emailVerified).toBe(false);
    const [mail] = await waitForOutbox(account.email, 1);
    const link = linkIn(mail, "/verify-email");
    expect(link.pathname).toBe("/verify-email");
    // Opening the link only shows the button: a mail scanner's GET spends nothing.
    const page = await new ApiClient().get(link.pathname + link.search, { Accept: "text/html" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Confirm my email address");
    const anonymous = new ApiClient();
    const ok = await anonymous.post("/api/v1/auth/verify", { token: tokenOf(link) });
    expect(ok.status).toBe(200);
    expect(ok.body<{ user: { username: string; emailVerified: boolean } }>().user).toMatchObject({ username: account.username, emailVerified: true });
    expect((await client.get("/api/v1/me")).body<{ user: { emailVerified: boolean } }>().user.emailVerified).toBe(true);
    const again = await anonymous.post("/api/v1/auth/verify", { token: tokenOf(link) });
    expect(again.status).toBe(400);
    expect(again.body<ApiErrorBody>().error.fields).toEqual({ token: [SPENT_LINK_MESSAGE] });
    const spent = await new ApiClient().get(link.pathname + link.search, { Accept: "text/html" });
    expect(spent.status).toBe(400);
    expect(spent.text).toContain("This link has expired or was already used");
    // Confirmed: a resend sends nothing, and says 202 all the same.
    expect((await client.post("/api/v1/me/verification")).status).toBe(202);
  });

  it("POST /me/verification resends (202), 401 signed out; bad tokens are 400 with fields", async () => {
    const { client, account } = await signedInClient("apiresend");
    expect((await client.post("/api/v1/me/verification")).status).toBe(202);
    const mails = await waitForOutbox(account.email, 2);
    expect(mails).toHaveLength(2);
    expect((await new ApiClient().post("/api/v1/me/verification")).status).toBe(401);
    const bad = await new ApiClient().post("/api/v1/auth/verify", { token: { $ne: null } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body<ApiErrorBody>().error.fields ?? {})).toEqual(["token"]);
  });

  it("PATCH /me/email and PUT /me/password: 200 when right, 400 with fields when not, 409 for a taken address", async () => {
    const { client, account } = await signedInClient("apichg");
    const other = await signedInClient("apichg_other");
    const otherDevice = new ApiClient();
    expect((await otherDevice.post("/api/v1/auth/login", { login: account.username, password: account.password })).status).toBe(200);

    const bad = await client.patch("/api/v1/me/email", { email: "nope" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body<ApiErrorBody>().error.fields ?? {}).sort()).toEqual(["email", "password"]);
    const taken = await client.patch("/api/v1/me/email", { email: other.account.email, password: account.password });
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.body<ApiErrorBody>().error.fields ?? {})).toEqual(["email"]);
    const newEmail = account.email.replace("@", "-moved@");
    const moved = await client.patch("/api/v1/me/email", { email: newEmail, password: account.password });
    expect(moved.status).toBe(200);
    expect(moved.body<{ user: { emailVerified: boolean } }>().user.emailVerified).toBe(false);
    const [confirm] = await waitForOutbox(newEmail, 1);
    expect(linkIn(confirm, "/verify-email").pathname).toBe("/verify-email");
    // The old address hears of the move (its own confirmation link, if still unsent, is dropped: it no longer proves anything).
    const [notice] = await waitForOutbox(account.email, 1, 20_000, (m) => Boolean(m.subject?.includes("email address of your")));
    expect(notice.text).toContain("The email address of your account was changed to");

    const wrong = await client.put("/api/v1/me/password", { currentPassword: "not-it-at-all", password: "violet lantern harbour crossing" });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body<ApiErrorBody>().error.fields ?? {})).toEqual(["currentPassword"]);
    const weak = await client.put("/api/v1/me/password", { currentPassword: account.password, password: "password" });
    expect(weak.status).toBe(400);
    expect(Object.keys(weak.body<ApiErrorBody>().error.fields ?? {})).toEqual(["password"]);
    const changed = await client.put("/api/v1/me/password", { currentPassword: account.password, password: "violet lantern harbour crossing" });
    expect(changed.status).toBe(200);
    expect((await client.get("/api/v1/me")).status).toBe(200);
    expect((await otherDevice.get("/api/v1/me")).status).toBe(401);
    expect((await new ApiClient().put("/api/v1/me/password", { currentPassword: "x", password: "y" })).status).toBe(401);
  });
});
