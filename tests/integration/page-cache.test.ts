/**
 * The signed-out page cache over HTTP, against the test server (which runs it
 * on, as every deployment does by default): hits, invalidation by a write,
 * bypass for members, ETag/304, one entry per `_data` route, language and
 * time zone, HEAD; and two caches sharing entries through Redis when one is
 * reachable at 127.0.0.1:6379.
 */
import net from "node:net";
import { createClient } from "redis";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { PageCache } from "~/http/page-cache.server";
import { ApiClient, signedInClient } from "../support/http";

interface Page {
  status: number;
  cache: string | null;
  etag: string | null;
  csp: string | null;
  type: string | null;
  text: string;
}

const base = () => inject("env").baseUrl;

async function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Page> {
  const res = await fetch(base() + path, { method, headers: { accept: "text/html", ...headers }, redirect: "manual" });
  return {
    status: res.status,
    cache: res.headers.get("x-cache"),
    etag: res.headers.get("etag"),
    csp: res.headers.get("content-security-policy"),
    type: res.headers.get("content-type"),
    text: await res.text(),
  };
}

/**
 * GETs until the answer comes from the cache. Writes settle in the background
 * for a moment after the request that made them (the search index push, badge
 * jobs), and each may invalidate; a quiet page is cached on its next render.
 */
async function warm(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await get(path, headers);
    expect(page.status).toBe(200);
    if (page.cache === "hit") return page;
    if (Date.now() > deadline) throw new Error(`${path} never came from the cache (last: ${page.cache})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

let staff: ApiClient;
let asker: ApiClient;
let askerName: string;
let questionId: string;
const category = `cache-${Date.now().toString(36)}`;

beforeAll(async () => {
  const { admin } = inject("env");
  staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  expect((await staff.post("/api/v1/categories", { name: `Cache ${category}`, slug: category, description: "Made by the page cache tests" })).status).toBe(201);
  const signed = await signedInClient("cacher");
  asker = signed.client;
  askerName = signed.account.username;
  const asked = await asker.post("/api/v1/questions", { title: "Why does my Pulse speaker forget its Wi-Fi password?", body: "After every power cut it asks again.", category });
  expect(asked.status).toBe(201);
  questionId = asked.body<{ question: { id: string } }>().question.id;
});

describe("the signed-out page cache", () => {
  it("answers a second signed-out GET from the cache, with the same body, ETag and script nonce", async () => {
    const first = await warm(`/q/${questionId}`);
    const second = await get(`/q/${questionId}`);
    expect(second.cache).toBe("hit");
    expect(second.text).toBe(first.text);
    expect(second.etag).toBe(first.etag);
    expect(second.etag).toMatch(/^"[\w-]+"$/);
    // The nonce is baked into the HTML: the policy that goes with it is replayed too.
    const nonce = /'nonce-([^']+)'/.exec(second.csp ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(second.text).toContain(`nonce="${nonce}"`);
  });

  it("shows a new answer on the next signed-out GET once it is posted through the API", async () => {
    await warm(`/q/${questionId}`);
    await warm("/questions");
    const { client: helper } = await signedInClient("helper");
    const body = `Hold the button for ten seconds ${Date.now().toString(36)}`;
    expect((await helper.post(`/api/v1/questions/${questionId}/answers`, { body })).status).toBe(201);
    const after = await get(`/q/${questionId}`);
    expect(after.cache).toBe("miss");
    expect(after.text).toContain(body);
    // The lists it appears in are stale too.
    expect((await get("/questions")).cache).toBe("miss");
  });

  it("drops pages when staff change a category, a write that records no event", async () => {
    await warm(`/questions?category=${category}`);
    const name = `Renamed ${Date.now().toString(36)}`;
    expect((await staff.request("PATCH", `/api/v1/categories/${category}`, { name })).status).toBe(200);
    const after = await get(`/questions?category=${category}`);
    expect(after.cache).toBe("miss");
    expect(after.text).toContain(name);
  });

  it("bypasses the cache for a session cookie (even an invalid one) or an Authorization header, and shows the member's own header", async () => {
    await warm(`/q/${questionId}`);
    const member = await get(`/q/${questionId}`, { cookie: asker.cookie ?? "" });
    expect(member.cache).toBe("bypass");
    expect(member.text).toContain(`data-testid="current-username"`);
    expect(member.text).toContain(askerName);
    const anonymous = await get(`/q/${questionId}`);
    expect(anonymous.text).not.toContain(`data-testid="current-username"`);
    expect((await get(`/q/${questionId}`, { cookie: "forum_session=not-a-session" })).cache).toBe("bypass");
    expect((await get(`/q/${questionId}`, { authorization: "Bearer nope" })).cache).toBe("bypass");
  });

  it("answers 304 to If-None-Match with the page's ETag", async () => {
    const page = await warm(`/q/${questionId}`);
    const res = await fetch(`${base()}/q/${questionId}`, { headers: { accept: "text/html", "if-none-match": page.etag ?? "" } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(page.etag);
    expect(await res.text()).toBe("");
    const other = await get(`/q/${questionId}`, { "if-none-match": '"something-else"' });
    expect(other.status).toBe(200);
  });

  it("keeps a route's _data JSON apart from its HTML", async () => {
    const path = `/q/${questionId}?_data=${encodeURIComponent("routes/q.$id")}`;
    const data = await warm(path);
    expect(data.type).toMatch(/^application\/json/);
    expect((JSON.parse(data.text) as { question: { id: string } }).question.id).toBe(questionId);
    const html = await warm(`/q/${questionId}`);
    expect(html.type).toMatch(/^text\/html/);
    expect(html.etag).not.toBe(data.etag);
  });

  it("keeps one entry per language and time-zone cookie", async () => {
    const english = await warm(`/q/${questionId}`, { "accept-language": "en-GB,en;q=0.8" });
    const french = await get(`/q/${questionId}`, { "accept-language": "fr-FR,fr;q=0.9" });
    expect(french.cache).toBe("miss");
    expect((await warm(`/q/${questionId}`, { "accept-language": "fr-FR" })).etag).not.toBe(english.etag);

    // A browser's `tz` cookie makes the page write times in that zone: its own entry.
    const zoned = await get(`/q/${questionId}`, { cookie: "tz=Asia%2FTokyo" });
    expect(zoned.cache).toBe("miss");
    expect(zoned.text).toContain("Asia/Tokyo");
    const utc = await warm(`/q/${questionId}`);
    expect(utc.text).not.toContain("Asia/Tokyo");
    expect((await warm(`/q/${questionId}`, { cookie: "tz=Asia%2FTokyo; other=1" })).text).toContain("Asia/Tokyo");
  });

  it("answers HEAD from the cache, and does not fill it from one", async () => {
    const page = await warm(`/q/${questionId}`);
    const head = await get(`/q/${questionId}`, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.cache).toBe("hit");
    expect(head.etag).toBe(page.etag);
    expect(head.text).toBe("");

    const fresh = `/q/${questionId}?sort=newest`;
    expect((await get(fresh, {}, "HEAD")).cache).toBe("miss");
    expect((await get(fresh)).cache).toBe("miss");
  });

  it("renders a page once for a burst of readers who all miss at once", async () => {
    await warm(`/q/${questionId}`);
    // A language nobody else reads in: a key no one has asked for yet.
    const headers = { "accept-language": `x-burst-${Date.now().toString(36)}` };
    const burst = await Promise.all(Array.from({ length: 20 }, () => get(`/q/${questionId}`, headers)));
    expect(burst.every((p) => p.status === 200)).toBe(true);
    expect(burst.filter((p) => p.cache === "miss")).toHaveLength(1);
    expect(new Set(burst.map((p) => p.text)).size).toBe(1);
  });

  it("never keeps pages that are not public reads", async () => {
    for (const path of ["/login", "/signup", "/setup", "/api/v1/questions"]) {
      await get(path);
      const again = await get(path);
      expect(again.cache === null || again.cache === "bypass", `${path}: ${again.cache}`).toBe(true);
    }
  });

  it("still counts a signed-out reader's view when the page comes from the cache", async () => {
    const views = async () => (await new ApiClient().get(`/api/v1/questions/${questionId}`)).body<{ question: { viewCount: number } }>().question.viewCount;
    const readerOne = { "user-agent": "page-cache-test reader one" };
    await warm(`/q/${questionId}`, readerOne);
    // Views are written after the answer goes out: wait until the earlier ones have landed.
    let before = await views();
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await views();
      if (now === before) break;
      before = now;
    }
    // Other test files write to the same server meanwhile, and any write empties the cache: warm it again
    // (reader one's view is counted already today) and ask at once as a new reader, a few times if need be.
    let hit = await get(`/q/${questionId}`, { "user-agent": `page-cache-test reader ${Date.now()}` });
    for (let attempt = 0; hit.cache !== "hit" && attempt < 5; attempt++) {
      await expect.poll(views, { timeout: 5000 }).toBe(before + 1);
      before += 1;
      await warm(`/q/${questionId}`, readerOne);
      hit = await get(`/q/${questionId}`, { "user-agent": `page-cache-test reader ${Date.now()}-${attempt}` });
    }
    expect(hit.cache).toBe("hit");
    await expect.poll(views, { timeout: 5000 }).toBe(before + 1);
  });
});

function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 6379 });
    socket.setTimeout(500);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

describe.runIf(await redisReachable())("two nodes sharing the cache through Redis", () => {
  it("serve each other's pages and drop them together", async () => {
    const prefix = `pagecache-test-${Date.now().toString(36)}-${process.pid}:`;
    const log = () => undefined;
    const a = await PageCache.redis("redis://127.0.0.1:6379", 30, log, prefix);
    const b = await PageCache.redis("redis://127.0.0.1:6379", 30, log, prefix);
    try {
      const key = "http|forum.test|en|UTC|/q/1";
      const { gen } = await a.lookup(key);
      expect((await b.lookup(key)).page).toBeUndefined();
      const body = Buffer.from("<html>\u00e9 cached</html>");
      a.store(key, gen, 200, [["content-type", "text/html; charset=utf-8"], ["content-security-policy", "script-src 'nonce-abc'"]], body);
      await expect.poll(async () => (await b.lookup(key)).page?.body.toString()).toBe(body.toString());
      const seen = (await b.lookup(key)).page;
      expect(seen?.headers).toContainEqual(["content-security-policy", "script-src 'nonce-abc'"]);

      // A write on node b: once it is settled (before b's writer hears back), node a no longer serves the page.
      b.invalidate();
      await b.settled();
      expect((await a.lookup(key)).page).toBeUndefined();
      expect((await a.lookup(key)).gen).toBe(gen + 1);
      // A page rendered under the old generation, stored late, is not served either.
      a.store(key, gen, 200, [], body);
      await new Promise((r) => setTimeout(r, 50));
      expect((await b.lookup(key)).page).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
      const redis = createClient({ url: "redis://127.0.0.1:6379" });
      await redis.connect();
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
      if (keys.length) await redis.del(keys);
      await redis.quit();
    }
  });
});
