import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { searchOutbox, users } from "#db/schema";
import { applyIndexSettings, createSearchClient, useSearch } from "#search/client.server";
import { drainOnce } from "#search/drainer.server";
import { startEmbeddedMeili, type EmbeddedMeili } from "#search/embedded.server";
import type { QuestionDocument } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { createCategory, updateCategory } from "~/domain/categories/manage.server";
import { ForbiddenError, NotFoundError, ValidationError } from "~/domain/errors";
import { askQuestion } from "~/domain/questions/ask.server";
import { getQuestion } from "~/domain/questions/get.server";
import { listQuestions } from "~/domain/questions/list.server";
import { searchContent } from "~/domain/search/search.server";
import { similarQuestions } from "~/domain/search/similar.server";
import { authorizeRoom } from "~/realtime/rooms.server";
import { useTestDatabase } from "../support/db";
import { ApiClient, signedInClient, type UserBody } from "../support/http";

useTestDatabase();

// A Meilisearch of this file's own, so the test can stop it to reach the fallback.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "private-it-"));
let meili: EmbeddedMeili;
const prefix = "pc_";

let customer: Actor, advocate: Actor, staff: Actor;
let publicQ: { id: string }, loungeQ: { id: string }, staffQ: { id: string }, speakersQ: { id: string };

const body = "Please describe the steps so others can reproduce this with their own kit.";

async function drainAll() {
  const client = createSearchClient(meili.host, meili.apiKey);
  for (;;) {
    const r = await drainOnce(client, prefix);
    if (r.claimed === 0) return;
  }
}

async function member(username: string, role: "customer" | "advocate" | "staff") {
  const user = await signup({ email: `${username}@example.com`, username, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

const ids = (list: { id: string }[]) => list.map((q) => q.id);

beforeAll(async () => {
  meili = await startEmbeddedMeili({ dataDir: dir });
  const client = createSearchClient(meili.host, meili.apiKey);
  useSearch({ client, prefix, host: meili.host, embedded: true, healthy: () => client.isHealthy(), stop: meili.stop });
  await applyIndexSettings(client, prefix);

  staff = await member("pc_staff", "staff");
  advocate = await member("pc_advocate", "advocate");
  customer = await member("pc_customer", "customer");
  await createCategory(staff, { name: "Headphones", slug: "headphones" });
  await createCategory(staff, { name: "Speakers", slug: "speakers" });
  await createCategory(staff, { name: "Advocates' lounge", slug: "lounge", visibility: "advocates" });
  await createCategory(staff, { name: "Staff room", slug: "staff-room", visibility: "staff" });

  publicQ = (await askQuestion(customer, { title: "Zephyr headset pairing fails on Android", body, category: "headphones" })).question;
  loungeQ = (await askQuestion(advocate, { title: "Zephyr embargoed firmware roadmap briefing", body, category: "lounge" })).question;
  staffQ = (await askQuestion(staff, { title: "Zephyr quarterly escalation review notes", body, category: "staff-room" })).question;
  speakersQ = (await askQuestion(customer, { title: "Pulse speaker crackles at high volume", body, category: "speakers" })).question;
  await drainAll();
});

afterAll(async () => {
  useSearch(undefined);
  await meili?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("categories", () => {
  it("are listed only to those who may read them, with their visibility", async () => {
    const slugs = async (a: Actor | null) => (await listVisibleCategories(a)).map((c) => c.slug).sort();
    expect(await slugs(null)).toEqual(["headphones", "speakers"]);
    expect(await slugs(customer)).toEqual(["headphones", "speakers"]);
    expect(await slugs(advocate)).toEqual(["headphones", "lounge", "speakers"]);
    expect(await slugs(staff)).toEqual(["headphones", "lounge", "speakers", "staff-room"]);
    expect((await listVisibleCategories(advocate)).find((c) => c.slug === "lounge")).toMatchObject({ visibility: "advocates", questionCount: 1 });
  });

  it("take a visibility from staff only, and only a known one", async () => {
    const bad = await createCategory(staff, { name: "Secret", visibility: "secret" }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.fields.visibility).toEqual(["Visibility is public, advocates or staff."]);
    await expect(updateCategory(advocate, "lounge", { visibility: "public" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listVisibleCategories(customer)).map((c) => c.slug)).not.toContain("lounge");
  });
});

describe("a question in a private category", () => {
  it("cannot be asked there by a customer", async () => {
    const err = await askQuestion(customer, { title: "Can I post in the lounge please", body, category: "lounge" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields).toEqual({ category: ["Choose one of the categories."] });
    const staffRoom = await askQuestion(advocate, { title: "Can I post in the staff room please", body, category: "staff-room" }).catch((e) => e);
    expect(staffRoom).toBeInstanceOf(ValidationError);
  });

  it("is left out of lists for customers and visitors, and listed for advocates and staff", async () => {
    for (const a of [null, customer]) {
      const listed = ids((await listQuestions(a, { limit: 100 })).questions);
      expect(listed).toContain(publicQ.id);
      expect(listed).not.toContain(loungeQ.id);
      expect(listed).not.toContain(staffQ.id);
      await expect(listQuestions(a, { category: "lounge" })).rejects.toBeInstanceOf(NotFoundError);
    }
    const forAdvocate = ids((await listQuestions(advocate, { limit: 100 })).questions);
    expect(forAdvocate).toEqual(expect.arrayContaining([publicQ.id, loungeQ.id]));
    expect(forAdvocate).not.toContain(staffQ.id);
    await expect(listQuestions(advocate, { category: "staff-room" })).rejects.toBeInstanceOf(NotFoundError);
    expect(ids((await listQuestions(advocate, { category: "lounge" })).questions)).toEqual([loungeQ.id]);
    expect(ids((await listQuestions(staff, { limit: 100 })).questions)).toEqual(expect.arrayContaining([publicQ.id, loungeQ.id, staffQ.id]));
    expect(ids((await listQuestions(staff, { category: "staff-room" })).questions)).toEqual([staffQ.id]);
  });

  it("is not found by customers and visitors, and opens for advocates and staff", async () => {
    await expect(getQuestion(null, loungeQ.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getQuestion(customer, loungeQ.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getQuestion(advocate, staffQ.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getQuestion(advocate, loungeQ.id)).question).toMatchObject({ id: loungeQ.id, category: { slug: "lounge", visibility: "advocates" } });
    expect((await getQuestion(staff, loungeQ.id)).question.id).toBe(loungeQ.id);
    expect((await getQuestion(staff, staffQ.id)).question.id).toBe(staffQ.id);
    expect((await getQuestion(customer, publicQ.id)).question.id).toBe(publicQ.id);
  });

  it("cannot be watched over socket.io by customers and visitors", async () => {
    await expect(authorizeRoom(null, `question:${loungeQ.id}`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(authorizeRoom(customer, `question:${loungeQ.id}`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(authorizeRoom(advocate, `question:${staffQ.id}`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(authorizeRoom(advocate, `question:${loungeQ.id}`)).resolves.toBeUndefined();
    await expect(authorizeRoom(staff, `question:${staffQ.id}`)).resolves.toBeUndefined();
    await expect(authorizeRoom(customer, `question:${publicQ.id}`)).resolves.toBeUndefined();
  });

  it("stays out of search results and facet counts for those who may not read it", async () => {
    const doc = await createSearchClient(meili.host, meili.apiKey).index<QuestionDocument>(`${prefix}questions`).getDocument(loungeQ.id);
    expect(doc.visibility).toBe("advocates");

    for (const a of [null, customer]) {
      const res = await searchContent(a, { q: "zephyr" });
      expect(res.degraded).toBe(false);
      expect(ids(res.hits)).toEqual([publicQ.id]);
      expect(res.total).toBe(1);
      expect(Object.keys(res.facets.category)).toEqual(["headphones"]);
      // Naming the category does not open it.
      expect((await searchContent(a, { q: "zephyr", category: "lounge" })).hits).toEqual([]);
    }
    const forAdvocate = await searchContent(advocate, { q: "zephyr" });
    expect(ids(forAdvocate.hits).sort()).toEqual([publicQ.id, loungeQ.id].sort());
    expect(forAdvocate.facets.category).toEqual({ headphones: 1, lounge: 1 });
    const forStaff = await searchContent(staff, { q: "zephyr" });
    expect(ids(forStaff.hits).sort()).toEqual([publicQ.id, loungeQ.id, staffQ.id].sort());
    expect(forStaff.facets.category).toEqual({ headphones: 1, lounge: 1, "staff-room": 1 });
  });

  it("is never suggested as a similar question to those who may not read it", async () => {
    const draft = { title: "Zephyr embargoed firmware roadmap", body: "Is there a briefing on the firmware roadmap?" };
    const forCustomer = await similarQuestions(customer, draft);
    expect(ids(forCustomer.suggestions)).not.toContain(loungeQ.id);
    const forAdvocate = await similarQuestions(advocate, draft);
    expect(ids(forAdvocate.suggestions)[0]).toBe(loungeQ.id);
  });
});

describe("changing a category's visibility", () => {
  it("rebuilds its questions in the index, and hides them at once even before that", async () => {
    expect(ids((await searchContent(customer, { q: "pulse crackles" })).hits)).toEqual([speakersQ.id]);
    const updated = await updateCategory(staff, "speakers", { visibility: "staff" });
    expect(updated.visibility).toBe("staff");
    const queued = await db().select({ docId: searchOutbox.docId }).from(searchOutbox).where(inArray(searchOutbox.docId, [speakersQ.id]));
    expect(queued.length).toBeGreaterThan(0);

    // Not drained yet: the document still says "public", yet customers no longer find it.
    expect(ids((await searchContent(customer, { q: "pulse crackles" })).hits)).toEqual([]);
    await expect(getQuestion(customer, speakersQ.id)).rejects.toBeInstanceOf(NotFoundError);

    await drainAll();
    const doc = await createSearchClient(meili.host, meili.apiKey).index<QuestionDocument>(`${prefix}questions`).getDocument(speakersQ.id);
    expect(doc.visibility).toBe("staff");
    expect(ids((await searchContent(customer, { q: "pulse crackles" })).hits)).toEqual([]);
    expect(ids((await searchContent(advocate, { q: "pulse crackles" })).hits)).toEqual([]);
    expect(ids((await searchContent(staff, { q: "pulse crackles" })).hits)).toEqual([speakersQ.id]);

    await updateCategory(staff, "speakers", { visibility: "public" });
    await drainAll();
    expect(ids((await searchContent(customer, { q: "pulse crackles" })).hits)).toEqual([speakersQ.id]);
    expect((await getQuestion(customer, speakersQ.id)).question.id).toBe(speakersQ.id);
  });
});

describe("while Meilisearch is down", () => {
  it("the PostgreSQL fallback leaves private questions out too", async () => {
    await meili.stop();
    for (const a of [null, customer]) {
      const res = await searchContent(a, { q: "zephyr" });
      expect(res.degraded).toBe(true);
      expect(ids(res.hits)).toEqual([publicQ.id]);
      expect(res.total).toBe(1);
    }
    const forAdvocate = await searchContent(advocate, { q: "zephyr" });
    expect(forAdvocate.degraded).toBe(true);
    expect(ids(forAdvocate.hits).sort()).toEqual([publicQ.id, loungeQ.id].sort());
    const forStaff = await searchContent(staff, { q: "zephyr" });
    expect(ids(forStaff.hits).sort()).toEqual([publicQ.id, loungeQ.id, staffQ.id].sort());
  });
});

describe("through the running server (JSON API and socket.io)", () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  function connect(cookie?: string) {
    const socket = io(inject("env").baseUrl, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });
  }
  const subscribe = (socket: Socket, room: string) => socket.timeout(5000).emitWithAck("subscribe", { room }) as Promise<{ ok: boolean; error?: { code: string } }>;

  it("hides the question from customers' API calls and sockets, and keeps it out of the public feed", async () => {
    const { admin } = inject("env");
    const staffClient = new ApiClient();
    await staffClient.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    const tag = Date.now().toString(36);
    const lounge = `lounge-${tag}`;
    const open = `open-${tag}`;
    expect((await staffClient.post("/api/v1/categories", { name: `Lounge ${tag}`, slug: lounge, visibility: "advocates" })).status).toBe(201);
    expect((await staffClient.post("/api/v1/categories", { name: `Open ${tag}`, slug: open })).status).toBe(201);

    const { client: advocateClient, user: advocateUser } = await signedInClient("pcadv");
    const promoted = await staffClient.patch(`/api/v1/users/${advocateUser.username}/role`, { role: "advocate" });
    expect(promoted.body<UserBody>().user.role).toBe("advocate");
    const { client: customerClient } = await signedInClient("pccust");

    const feedWatcher = await connect();
    expect(await subscribe(feedWatcher, "feed:questions")).toEqual({ ok: true });
    const announced: string[] = [];
    const publicAnnounced = new Promise<void>((resolve) =>
      feedWatcher.on("question:created", (e: { questionId: string; category: string }) => {
        announced.push(e.questionId);
        if (e.category === open) resolve();
      }),
    );

    const asked = await advocateClient.post("/api/v1/questions", { title: "Private question for the advocates", body, category: lounge });
    expect(asked.status).toBe(201);
    const privateId = asked.body<{ question: { id: string } }>().question.id;
    const refused = await customerClient.post("/api/v1/questions", { title: "Customer asking in the lounge", body, category: lounge });
    expect(refused.status).toBe(400);
    const publicAsked = await customerClient.post("/api/v1/questions", { title: "Public question after the private one", body, category: open });
    const publicId = publicAsked.body<{ question: { id: string } }>().question.id;
    await publicAnnounced;
    // Notices go out in order, so the private one would have come first.
    expect(announced).toContain(publicId);
    expect(announced).not.toContain(privateId);

    expect((await customerClient.get(`/api/v1/questions/${privateId}`)).status).toBe(404);
    expect((await new ApiClient().get(`/api/v1/questions/${privateId}`)).status).toBe(404);
    expect((await advocateClient.get(`/api/v1/questions/${privateId}`)).status).toBe(200);
    expect((await customerClient.get(`/api/v1/questions?category=${lounge}`)).status).toBe(404);
    const customerList = await customerClient.get("/api/v1/questions?limit=100");
    expect(customerList.body<{ questions: { id: string }[] }>().questions.map((q) => q.id)).not.toContain(privateId);
    const advocateList = await advocateClient.get("/api/v1/questions?limit=100");
    expect(advocateList.body<{ questions: { id: string }[] }>().questions.map((q) => q.id)).toContain(privateId);

    const categorySlugs = async (c: ApiClient) => (await c.get("/api/v1/categories")).body<{ categories: { slug: string }[] }>().categories.map((x) => x.slug);
    expect(await categorySlugs(new ApiClient())).not.toContain(lounge);
    expect(await categorySlugs(customerClient)).not.toContain(lounge);
    expect(await categorySlugs(advocateClient)).toEqual(expect.arrayContaining([lounge, open]));

    const anonymous = await connect();
    expect((await subscribe(anonymous, `question:${privateId}`)).error?.code).toBe("not_found");
    const customerSocket = await connect(customerClient.cookie ?? undefined);
    expect((await subscribe(customerSocket, `question:${privateId}`)).error?.code).toBe("not_found");
    const advocateSocket = await connect(advocateClient.cookie ?? undefined);
    expect(await subscribe(advocateSocket, `question:${privateId}`)).toEqual({ ok: true });
  });
});
