import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { mailMessages, notifications, sessions, users } from "#db/schema";
import { readSessionId, validateSessionId } from "~/auth/lucia.server";
import { describeDevice } from "~/domain/accounts/devices";
import { signIn } from "~/domain/accounts/sessions.server";
import { signup } from "~/domain/accounts/signup.server";
import { mailDir } from "~/domain/mail/transport.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { useTestDatabase } from "../support/db";
import { ApiClient, signedInClient, type ApiErrorBody, type UserBody } from "../support/http";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-settings-"));
useTestDatabase({ DATA_DIR: dataDir });

const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

type SessionsBody = { sessions: { id: string; current: boolean; createdAt: string; lastSeenAt: string; userAgent: string | null; device: string; ip: string | null }[] };
type ProfileUser = UserBody["user"] & { displayName: string | null; bio: string | null; timeZone: string | null; avatarUrl: string | null; notifications: Record<string, string> };

async function png(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: "#cc3366" } }).png().toBuffer();
}

/** A multipart PUT as a browser's FormData sends it. */
async function putAvatar(client: ApiClient, bytes: Uint8Array, type = "image/png") {
  const form = new FormData();
  form.append("avatar", new Blob([new Uint8Array(bytes)], { type }), "me.png");
  const res = await fetch(`${client.baseUrl}/api/v1/me/avatar`, { method: "PUT", headers: { Cookie: client.cookie ?? "", Origin: client.baseUrl }, body: form });
  return { status: res.status, json: (await res.json()) as unknown };
}

async function loginAs(account: { username: string; password: string }, userAgent: string) {
  const client = new ApiClient();
  const res = await client.post("/api/v1/auth/login", { login: account.username, password: account.password }, { "User-Agent": userAgent });
  expect(res.status).toBe(200);
  return client;
}

describe("PATCH /me", () => {
  it("saves the profile and the notification choices, and GET /me keeps the contract's fields", async () => {
    const { client } = await signedInClient("profile");
    const res = await client.patch("/api/v1/me", { displayName: "Dana from Lisbon", bio: "Speakers, mostly.", timeZone: "Europe/Lisbon", notifications: { answer: "daily", watched_question: "off" } });
    expect(res.status).toBe(200);
    const user = res.body<{ user: ProfileUser }>().user;
    expect(user).toMatchObject({ displayName: "Dana from Lisbon", bio: "Speakers, mostly.", timeZone: "Europe/Lisbon", avatarUrl: null });
    expect(user.notifications).toMatchObject({ answer: "daily", watched_question: "off", mention: "instant" });

    // Kinds not named keep their choice.
    const again = await client.patch("/api/v1/me", { notifications: { mention: "off" } });
    expect(again.body<{ user: ProfileUser }>().user.notifications).toMatchObject({ answer: "daily", watched_question: "off", mention: "off" });

    const me = (await client.get("/api/v1/me")).body<UserBody>().user;
    expect(Object.keys(me).sort()).toEqual(["emailVerified", "id", "reputation", "role", "url", "username"]);
  });

  it("refuses a kind or a choice that does not exist with field messages, and changes nothing", async () => {
    const { client } = await signedInClient("badprefs");
    const res = await client.patch("/api/v1/me", { displayName: "Should not stick", notifications: { answer: "hourly", nonsense: "off" } });
    expect(res.status).toBe(400);
    const fields = res.body<ApiErrorBody>().error.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(["notifications.answer", "notifications.nonsense"]);
    const after = (await client.patch("/api/v1/me", {})).body<{ user: ProfileUser }>().user;
    expect(after.displayName).toBeNull();
    expect(after.notifications.answer).toBe("instant");
  });
});

describe("avatars", () => {
  it("turns an uploaded PNG into a 256px WebP served with long cache headers, and removes it", async () => {
    const { client, user } = await signedInClient("avatar");
    const res = await putAvatar(client, await png(640, 400));
    expect(res.status).toBe(200);
    const url = (res.json as { user: ProfileUser }).user.avatarUrl;
    expect(url).toMatch(/^\/avatars\/[a-f0-9]{32}\.webp$/);

    const image = await fetch(client.baseUrl + url!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
    expect(image.headers.get("cache-control")).toContain("immutable");
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });

    // The profile page and the header show it.
    const profile = await client.get(`/u/${user.username}`, { Accept: "text/html" });
    expect(profile.text).toContain(url!);

    // A raw body works too, and the old file goes.
    const raw = await client.request("PUT", "/api/v1/me/avatar", new Uint8Array(await sharp(await png(50, 80)).jpeg().toBuffer()));
    expect(raw.status).toBe(200);
    const second = raw.body<{ user: ProfileUser }>().user.avatarUrl;
    expect(second).not.toBe(url);
    expect((await fetch(client.baseUrl + url!)).status).toBe(404);

    const removed = await client.delete("/api/v1/me/avatar");
    expect(removed.status).toBe(200);
    expect(removed.body<{ user: ProfileUser }>().user.avatarUrl).toBeNull();
    expect((await fetch(client.baseUrl + second!)).status).toBe(404);
  });

  it("refuses what is not a PNG, JPEG, WebP or GIF, or is over 5 MB, with a message on the avatar field", async () => {
    const { client } = await signedInClient("badavatar");
    const text = await putAvatar(client, new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/png");
    expect(text.status).toBe(400);
    expect((text.json as ApiErrorBody).error.fields?.avatar?.[0]).toMatch(/PNG, JPEG, WebP or GIF/);

    const tiff = await putAvatar(client, await sharp(await png(10, 10)).tiff().toBuffer(), "image/png");
    expect(tiff.status).toBe(400);

    const huge = await putAvatar(client, new Uint8Array(6 * 1024 * 1024), "image/png");
    expect(huge.status).toBe(400);
    expect((huge.json as ApiErrorBody).error.fields?.avatar?.[0]).toMatch(/5 MB/);

    const empty = await client.request("PUT", "/api/v1/me/avatar", new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect((await client.patch("/api/v1/me", {})).body<{ user: ProfileUser }>().user.avatarUrl).toBeNull();
  });

  it("the settings page takes an upload and answers 400, not 500, for a broken multipart body", async () => {
    const { client } = await signedInClient("avatarpage");
    const form = new FormData();
    form.append("intent", "avatar");
    form.append("avatar", new Blob([new Uint8Array(await png(300, 300))], { type: "image/png" }), "me.png");
    const page = await fetch(`${client.baseUrl}/settings?index`, { method: "POST", headers: { Cookie: client.cookie ?? "", Origin: client.baseUrl }, body: form, redirect: "manual" });
    expect(page.status).toBe(200);
    expect((await client.patch("/api/v1/me", {})).body<{ user: ProfileUser }>().user.avatarUrl).toMatch(/^\/avatars\//);

    const broken = await fetch(`${client.baseUrl}/settings?index`, {
      method: "POST",
      headers: { Cookie: client.cookie ?? "", Origin: client.baseUrl, "Content-Type": "multipart/form-data; boundary=expected" },
      body: '--other\r\nContent-Disposition: form-data; name="intent"\r\n\r\navatar\r\n--other--\r\n',
    });
    expect(broken.status).toBe(400);

    const wrongType = new FormData();
    wrongType.append("intent", "avatar");
    wrongType.append("avatar", new Blob(["just some text"], { type: "image/png" }), "me.png");
    const refused = await fetch(`${client.baseUrl}/settings?index`, { method: "POST", headers: { Cookie: client.cookie ?? "", Origin: client.baseUrl }, body: wrongType });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Use a PNG, JPEG, WebP or GIF image.");
  });
});

describe("sessions", () => {
  it("lists where a member is signed in, revokes one, and signs out everywhere else", async () => {
    const { client: first, account } = await signedInClient("sessions");
    const phone = await loginAs(account, iphone);
    const laptop = await loginAs(account, firefox);

    const list = (await first.get("/api/v1/me/sessions")).body<SessionsBody>().sessions;
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    for (const s of list) expect(Object.keys(s)).toEqual(expect.arrayContaining(["id", "current", "createdAt", "lastSeenAt", "userAgent"]));
    const phoneSession = list.find((s) => s.userAgent === iphone)!;
    expect(phoneSession).toMatchObject({ current: false, device: "Safari on iPhone", ip: expect.any(String) });

    // Someone else's session is not there for you.
    const { client: stranger } = await signedInClient("stranger");
    expect((await stranger.delete(`/api/v1/me/sessions/${phoneSession.id}`)).status).toBe(404);
    expect((await phone.get("/api/v1/me")).status).toBe(200);

    const revoked = await first.delete(`/api/v1/me/sessions/${phoneSession.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body<SessionsBody>().sessions).toHaveLength(2);
    expect((await phone.get("/api/v1/me")).status).toBe(401);
    expect((await first.delete(`/api/v1/me/sessions/${phoneSession.id}`)).status).toBe(404);

    const others = await first.delete("/api/v1/me/sessions");
    expect(others.status).toBe(200);
    expect(others.body<{ ended: number; sessions: SessionsBody["sessions"] }>()).toMatchObject({ ended: 1, sessions: [{ current: true }] });
    expect((await laptop.get("/api/v1/me")).status).toBe(401);
    expect((await first.get("/api/v1/me")).status).toBe(200);
  });

  it("the sessions page lists the devices in plain words and signs one out", async () => {
    const { client: first, account } = await signedInClient("sessionpage");
    const phone = await loginAs(account, iphone);
    const page = await first.get("/settings/sessions", { Accept: "text/html" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Safari on iPhone");
    expect(page.text).toContain("This device");
    const id = (await first.get("/api/v1/me/sessions")).body<SessionsBody>().sessions.find((s) => !s.current)!.id;
    const res = await fetch(`${first.baseUrl}/settings/sessions`, {
      method: "POST",
      headers: { Cookie: first.cookie ?? "", Origin: first.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "revoke", sessionId: id }),
    });
    expect(res.status).toBe(200);
    expect((await phone.get("/api/v1/me")).status).toBe(401);
  });

  it("touches last activity at most every few minutes", async () => {
    const user = await signup({ email: "touch@example.com", username: "touch_me", password: "a-long-password-1" });
    const { cookie, sessionId } = await signIn(user.id, false, { userAgent: firefox, ip: "203.0.113.9" });
    const secret = readSessionId(cookie.split(";")[0])!;
    const old = new Date(Date.now() - 10 * 60_000);
    await db().update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, sessionId));
    await validateSessionId(secret, false);
    const [touched] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(old.getTime() + 60_000);
    // A second request within minutes writes nothing.
    await validateSessionId(secret, false);
    const [same] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
    expect(same.lastSeenAt.getTime()).toBe(touched.lastSeenAt.getTime());
    expect(touched).toMatchObject({ userAgent: firefox, ip: "203.0.113.9" });
  });
});

describe("the new-device notice", () => {
  it("is not sent for the first sign-in, nor for a device already signed in; a new one gets a notification and mail", async () => {
    const user = await signup({ email: "devices@example.com", username: "devices_member", password: "a-long-password-1" });
    await db().update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    const notices = () => db().select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, "new_device")));
    const mails = () => db().select().from(mailMessages).where(and(eq(mailMessages.userId, user.id), eq(mailMessages.template, "new_device")));

    await signIn(user.id, false, { userAgent: firefox, ip: "203.0.113.7" });
    await signIn(user.id, false, { userAgent: firefox, ip: "203.0.113.7" });
    expect(await notices()).toHaveLength(0);
    expect(await mails()).toHaveLength(0);

    await signIn(user.id, false, { userAgent: iphone, ip: "198.51.100.4" });
    const [notice] = await notices();
    expect(notice.subject).toBe("Safari on iPhone (198.51.100.4)");
    const [mail] = await mails();
    expect(mail).toMatchObject({ to: "devices@example.com", status: "queued" });

    // The mail goes whatever the member chose for this kind.
    await db().update(users).set({ emailPrefs: { new_device: "off" } }).where(eq(users.id, user.id));
    await runQueuedJobs("mail.send");
    const [sent] = await mails();
    expect(sent.status).toBe("sent");
    const eml = fs.readFileSync(path.join(mailDir(), sent.deliveredAs!), "utf8");
    expect(eml).toMatch(/^Subject: New sign-in to your account: Safari on iPhone$/m);
    expect(eml).toContain("198.51.100.4");
    expect(eml).toContain("/settings/sessions");
  });

  it("reaches an unconfirmed address only as a notification", async () => {
    const user = await signup({ email: "unconfirmed@example.com", username: "unconfirmed_member", password: "a-long-password-1" });
    await signIn(user.id, false, { userAgent: firefox, ip: "203.0.113.7" });
    await signIn(user.id, false, { userAgent: iphone, ip: "203.0.113.7" });
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, "new_device")))).toHaveLength(1);
    // Sign-up queued the address's own confirmation link; nothing about the device.
    expect(await db().select().from(mailMessages).where(and(eq(mailMessages.userId, user.id), eq(mailMessages.template, "new_device")))).toHaveLength(0);
  });

  it("over HTTP: a second device's sign-in rings the bell, the first sign-up does not", async () => {
    const { client, account } = await signedInClient("bell");
    type List = { notifications: { kind: string; device: { description: string } | null; url: string | null }[] };
    expect((await client.get("/api/v1/notifications")).body<List>().notifications).toHaveLength(0);
    await loginAs(account, iphone);
    const [n] = (await client.get("/api/v1/notifications")).body<List>().notifications;
    expect(n).toMatchObject({ kind: "new_device", url: "/settings/sessions" });
    expect(n.device?.description).toMatch(/^Safari on iPhone/);
  });
});

describe("devices in plain words", () => {
  it.each([
    [firefox, "Firefox on Windows"],
    [iphone, "Safari on iPhone"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    ["curl/8.5.0", "curl"],
    [null, "Unknown device"],
  ])("%s is %s", (ua, words) => {
    expect(describeDevice(ua)).toBe(words);
  });
});
