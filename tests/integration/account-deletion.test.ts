import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { apiTokens, reputationEvents, searchOutbox, sessions, users, watches } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { storeAvatar } from "~/domain/accounts/avatar.server";
import { deleteMyAccount } from "~/domain/accounts/deletion.server";
import { exportMyData } from "~/domain/accounts/export.server";
import { login } from "~/domain/accounts/login.server";
import { signIn } from "~/domain/accounts/sessions.server";
import { signup } from "~/domain/accounts/signup.server";
import { createToken } from "~/domain/accounts/tokens.server";
import { getProfile, toActor } from "~/domain/accounts/users.server";
import { postAnswer } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { NotFoundError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { watch } from "~/domain/following/watch.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { getQuestion } from "~/domain/questions/get.server";
import { castVote } from "~/domain/votes/votes.server";
import { getLeaderboard } from "~/domain/reputation/leaderboard.server";
import { useTestDatabase } from "../support/db";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-deletion-"));
useTestDatabase({ DATA_DIR: dataDir });
const avatarFile = (avatarPath: string) => path.join(dataDir, "media", avatarPath);

const password = "a-long-password-1";
let n = 0;
async function member(prefix: string, role: "customer" | "staff" | "advocate" | "admin" = "customer") {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password }, { role });
  // Old enough that the new-member posting limits stay out of the way.
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000) }).where(eq(users.id, user.id));
  return toActor(user);
}

async function ledger(userId: string) {
  const [row] = await db()
    .select({ n: sql<number>`coalesce(sum(${reputationEvents.points}), 0)`.mapWith(Number), rows: sql<number>`count(*)`.mapWith(Number) })
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId));
  return row;
}

let staff: Actor;
beforeAll(async () => {
  staff = await member("del_staff", "staff");
  await createCategory(staff, { name: "Speakers", slug: "speakers" });
});

describe("exporting my data", () => {
  it("holds my profile, posts, votes, reputation, watches and sessions, without session ids", async () => {
    const me = await member("exporter");
    const other = await member("other");
    const { question } = await askQuestion(me, { title: "My Arc speaker will not pair with my phone", body: "It shows up in the list but pairing fails every time I try it.", category: "speakers" });
    const answer = await postAnswer(me, question.id, { body: "Answering myself: a reset of the network settings fixed it for me." });
    const theirs = await askQuestion(other, { title: "Roam speaker loses wifi every single night", body: "It drops off the network every night at about two in the morning.", category: "speakers" });
    await castVote(me, { target: "question", id: theirs.question.id, value: 1 });
    await castVote(other, { target: "question", id: question.id, value: 1 });
    await watch(me, "category", "speakers");
    await signIn(me.id, false, { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", ip: "203.0.113.5" });

    const data = await exportMyData(me);
    expect(data.profile).toMatchObject({ username: me.username, email: `${me.username}@example.com` });
    expect(data.questions.map((q) => q.id)).toEqual([question.id]);
    expect(data.questions[0].body).toContain("pairing fails");
    expect(data.answers.map((a) => a.id)).toEqual([answer.id]);
    expect(data.votes).toEqual([expect.objectContaining({ target: "question", id: theirs.question.id, value: 1 })]);
    expect(data.reputationEvents.reduce((sum, e) => sum + e.points, 0)).toBe((await ledger(me.id)).n);
    expect(data.reputationEvents.length).toBeGreaterThan(0);
    // Asking follows one's own question; the category was followed by hand.
    expect(data.watches).toEqual(expect.arrayContaining([expect.objectContaining({ type: "category" }), expect.objectContaining({ type: "question", id: question.id })]));
    expect(data.sessions).toEqual([expect.objectContaining({ device: "Firefox on Linux", ip: "203.0.113.5" })]);
    expect(JSON.stringify(data.sessions)).not.toMatch(/"id"/);
    expect(JSON.stringify(data)).not.toContain("passwordHash");
  });

  it("over HTTP: an attachment, for the signed-in member only", async () => {
    const { client, user } = await signedInClient("download");
    const res = await client.get("/api/v1/me/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.json"$/);
    expect(res.body<{ profile: { username: string } }>().profile.username).toBe(user.username);
    const anonymous = await fetch(`${client.baseUrl}/api/v1/me/export`);
    expect(anonymous.status).toBe(401);
  });
});

describe("deleting my account", () => {
  it("anonymises the account in one go; posts stay under \"deleted user\" and the ledger keeps its totals", async () => {
    const me = await member("leaver");
    const voter = await member("voter");
    const { question } = await askQuestion(me, { title: "Beam soundbar drops the HDMI ARC link", body: "Every evening the soundbar drops the ARC link and the TV speakers take over.", category: "speakers" });
    const theirs = await askQuestion(voter, { title: "Sub woofer hums when the TV is off at night", body: "A low hum from the sub when nothing plays, only at night it seems.", category: "speakers" });
    await postAnswer(me, theirs.question.id, { body: "Plug the sub into the same power strip as the soundbar; the hum is a ground loop." });
    await castVote(voter, { target: "question", id: question.id, value: 1 });
    await watch(me, "question", theirs.question.id);
    await createToken(me, { name: "script" });
    await signIn(me.id, false, { userAgent: "test", ip: "203.0.113.6" });
    const avatar = await storeAvatar(me.id, await sharp({ create: { width: 20, height: 20, channels: 3, background: "#123456" } }).png().toBuffer());
    expect(fs.existsSync(avatarFile(avatar))).toBe(true);
    const before = await ledger(me.id);
    const [cached] = await db().select({ reputation: users.reputation }).from(users).where(eq(users.id, me.id));
    expect(before.n).toBeGreaterThan(0);
    const outboxBefore = (await db().select().from(searchOutbox)).length;

    await expect(deleteMyAccount(me, { password: "not-my-password-1" })).rejects.toMatchObject({ status: 400, fields: { password: [expect.any(String)] } });
    await expect(deleteMyAccount(me, {})).rejects.toBeInstanceOf(ValidationError);
    await deleteMyAccount(me, { password });

    const [row] = await db().select().from(users).where(eq(users.id, me.id));
    expect(row.username).toMatch(/^deleted-/);
    expect(row).toMatchObject({ displayName: "deleted user", bio: null, avatarPath: null, timeZone: null, emailVerifiedAt: null, deletedAt: expect.any(Date) });
    expect(row.email).toMatch(/@deleted\.invalid$/);
    expect(fs.existsSync(avatarFile(avatar))).toBe(false);
    expect(row.reputation).toBe(cached.reputation);
    expect(await ledger(me.id)).toEqual(before);
    expect(await db().select().from(sessions).where(eq(sessions.userId, me.id))).toHaveLength(0);
    expect(await db().select().from(watches).where(eq(watches.userId, me.id))).toHaveLength(0);
    expect(await db().select().from(apiTokens).where(eq(apiTokens.userId, me.id))).toHaveLength(0);
    // Both questions' search documents are rebuilt: one asked, one answered.
    const queued = (await db().select().from(searchOutbox)).slice(outboxBefore).map((r) => r.docId);
    expect(queued).toEqual(expect.arrayContaining([question.id, theirs.question.id]));

    // Their points stay in the ledger, but a deleted account is not ranked.
    const board = await getLeaderboard(null, { period: "all" });
    expect(board.entries.map((e) => e.username)).not.toContain(row.username);

    const page = await getQuestion(null, question.id);
    expect(page.question.author.username).toBe(row.username);
    await expect(getProfile(null, row.username)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfile(null, me.username)).rejects.toBeInstanceOf(NotFoundError);
    await expect(login({ login: me.username, password }, { ip: "203.0.113.6" })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(login({ login: `${me.username}@example.com`, password }, { ip: "203.0.113.6" })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses the last admin, and lets an admin go while another remains", async () => {
    const only = await member("soleadmin", "admin");
    const avatar = await storeAvatar(only.id, await sharp({ create: { width: 20, height: 20, channels: 3, background: "#654321" } }).png().toBuffer());
    await expect(deleteMyAccount(only, { password })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/only admin/) });
    // Refused means nothing changed, the avatar included.
    expect(fs.existsSync(avatarFile(avatar))).toBe(true);
    expect((await db().select().from(users).where(eq(users.id, only.id)))[0]).toMatchObject({ deletedAt: null, avatarPath: avatar });
    const second = await member("secondadmin", "admin");
    await deleteMyAccount(only, { password });
    await expect(deleteMyAccount(second, { password })).rejects.toMatchObject({ status: 400 });
  });

  it("over HTTP: wrong password 400 with a field message, then 204, and the account cannot sign in or be found", async () => {
    const { client, account, user } = await signedInClient("httpleaver");
    const wrong = await client.request("DELETE", "/api/v1/me", { password: "not-my-password-1" });
    expect(wrong.status).toBe(400);
    expect(wrong.body<ApiErrorBody>().error.fields?.password).toEqual([expect.any(String)]);
    const cookie = client.cookie;
    const gone = await client.request("DELETE", "/api/v1/me", { password: account.password });
    expect(gone.status).toBe(204);
    const stale = await fetch(`${client.baseUrl}/api/v1/me`, { headers: { Cookie: cookie ?? "" } });
    expect(stale.status).toBe(401);
    const relogin = await client.post("/api/v1/auth/login", { login: account.username, password: account.password });
    expect(relogin.status).toBe(401);
    expect((await client.get(`/api/v1/users/${user.username}`)).status).toBe(404);
    const profile = await fetch(`${client.baseUrl}/u/${user.username}`);
    expect(profile.status).toBe(404);
  });

  it("over HTTP: the asker's question shows \"deleted user\" with no profile link", async () => {
    const admin = new ApiClient();
    const { admin: adminAccount } = inject("env");
    expect((await admin.post("/api/v1/auth/login", { login: adminAccount.username, password: adminAccount.password })).status).toBe(200);
    const slug = `deletion-${Date.now().toString(36)}`;
    expect((await admin.post("/api/v1/categories", { name: `Deletion ${slug}`, slug })).status).toBe(201);
    const { client: asker, account } = await signedInClient("httpasker");
    const asked = await asker.post("/api/v1/questions", { title: "Arc speaker firmware update stuck at 40 percent", body: "The update has sat at forty percent for an hour and will not move on.", category: slug });
    expect(asked.status, asked.text).toBe(201);
    const id = asked.body<{ question: { id: string } }>().question.id;
    expect((await asker.request("DELETE", "/api/v1/me", { password: account.password })).status).toBe(204);
    const html = await (await fetch(`${asker.baseUrl}/q/${id}`)).text();
    expect(html).toContain("deleted user");
    expect(html).not.toContain(`href="/u/${account.username}"`);
    const api = (await admin.get(`/api/v1/questions/${id}`)).body<{ question: { author: { username: string } } }>();
    expect(api.question.author.username).toMatch(/^deleted-/);
  });
});
