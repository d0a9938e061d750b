import { describe, expect, it } from "vitest";
import { cacheableAnswer, changesPublicPages, notModified, PageCache, pageKey, primaryLanguage, storableHeaders, type PageRequest } from "~/http/page-cache.server";

const request = (over: Partial<PageRequest> = {}): PageRequest => ({
  method: "GET",
  url: "/q/1",
  path: "/q/1",
  host: "forum.test",
  secure: false,
  cookie: undefined,
  authorization: undefined,
  acceptLanguage: undefined,
  ...over,
});

describe("the page cache key", () => {
  it("is the same for GET and HEAD and differs by query, language, zone, scheme and host", () => {
    const key = pageKey(request());
    expect(key).not.toBeNull();
    expect(pageKey(request({ method: "HEAD" }))).toBe(key);
    expect(pageKey(request({ url: "/q/1?_data=root" }))).not.toBe(key);
    expect(pageKey(request({ acceptLanguage: "fr" }))).not.toBe(key);
    expect(pageKey(request({ cookie: "tz=Europe%2FParis" }))).not.toBe(key);
    expect(pageKey(request({ secure: true }))).not.toBe(key);
    expect(pageKey(request({ host: "other.test" }))).not.toBe(key);
  });

  it("ignores cookies that change nothing and zones that do not exist", () => {
    const key = pageKey(request());
    expect(pageKey(request({ cookie: "_ga=1; seen=yes" }))).toBe(key);
    expect(pageKey(request({ cookie: "tz=Not%2FAZone" }))).toBe(key);
    expect(pageKey(request({ cookie: "a=1; tz=Europe%2FParis" }))).toBe(pageKey(request({ cookie: "tz=Europe%2FParis" })));
  });

  it("bypasses members, tokens, writes and pages that are not public reads", () => {
    expect(pageKey(request({ cookie: "tz=UTC; forum_session=abc" }))).toBeNull();
    expect(pageKey(request({ cookie: "forum_session=" }))).toBeNull();
    expect(pageKey(request({ authorization: "Bearer x" }))).toBeNull();
    expect(pageKey(request({ method: "POST" }))).toBeNull();
    for (const path of ["/api/v1/questions", "/auth/oidc/callback", "/reset-password", "/verify-email", "/forgot-password", "/setup", "/unsubscribe", "/login", "/signup", "/logout", "/settings/notifications", "/admin/users", "/staff/queue", "/townhalls.ics", "/admin/audit.csv"]) {
      expect(pageKey(request({ path, url: path })), path).toBeNull();
    }
    expect(pageKey(request({ path: "/questions", url: "/questions?tag=login" }))).not.toBeNull();
  });

  it("keeps the reader's first language only", () => {
    expect(primaryLanguage("en-GB,en;q=0.8")).toBe("en-gb");
    expect(primaryLanguage("en-GB")).toBe("en-gb");
    expect(primaryLanguage("*")).toBe("");
    expect(primaryLanguage(undefined)).toBe("");
  });
});

describe("what the page cache keeps", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it("keeps 200 HTML and JSON that set no cookie and allow storing", () => {
    expect(cacheableAnswer(200, headers({ "content-type": "text/html; charset=utf-8" }), false)).toBe(true);
    expect(cacheableAnswer(200, headers({ "content-type": "application/json; charset=utf-8" }), false)).toBe(true);
    expect(cacheableAnswer(200, headers({ "content-type": "text/html" }), true)).toBe(false);
    expect(cacheableAnswer(404, headers({ "content-type": "text/html" }), false)).toBe(false);
    expect(cacheableAnswer(302, headers({ "content-type": "text/html" }), false)).toBe(false);
    expect(cacheableAnswer(200, headers({ "content-type": "text/calendar" }), false)).toBe(false);
    expect(cacheableAnswer(200, headers({ "content-type": "text/html", "cache-control": "no-store" }), false)).toBe(false);
    expect(cacheableAnswer(200, headers({ "content-type": "text/html", "cache-control": "private, max-age=0" }), false)).toBe(false);
  });

  it("stores the page's own headers and none of the request's", () => {
    const kept = storableHeaders({ "content-security-policy": "script-src 'nonce-x'", "x-request-id": "r", "set-cookie": ["a=1"], "x-cache": "miss", vary: ["a", "b"] });
    expect(kept).toEqual([
      ["content-security-policy", "script-src 'nonce-x'"],
      ["vary", "a"],
      ["vary", "b"],
    ]);
  });

  it("matches If-None-Match as a list, weakly, or *", () => {
    expect(notModified('"a"', '"a"')).toBe(true);
    expect(notModified('"b", W/"a"', '"a"')).toBe(true);
    expect(notModified("*", '"a"')).toBe(true);
    expect(notModified('"b"', '"a"')).toBe(false);
    expect(notModified(undefined, '"a"')).toBe(false);
  });

  it("is invalidated by public events, not by private ones", () => {
    expect(changesPublicPages([{ type: "notification.created", notificationId: "n", userId: "u", kind: "answer", subject: null }])).toBe(false);
    expect(changesPublicPages([{ type: "vote.cast", questionId: "q", target: "answer", id: "a", score: 1, voterId: "v" }])).toBe(true);
    expect(changesPublicPages([])).toBe(false);
  });
});

describe("the in-process page cache", () => {
  it("serves a page only under the generation it was rendered in, and counts commits during a write", async () => {
    const cache = PageCache.memory(30, 1);
    const { gen, page } = await cache.lookup("k");
    expect(page).toBeUndefined();
    cache.store("k", gen, 200, [], Buffer.from("one"));
    expect((await cache.lookup("k")).page?.body.toString()).toBe("one");

    // A render that began before a bump is not kept.
    cache.invalidate();
    cache.store("k", gen, 200, [], Buffer.from("stale"));
    expect((await cache.lookup("k")).page).toBeUndefined();

    const sub = cache.invalidation();
    const now = (await cache.lookup("k")).gen;
    cache.store("k", now, 200, [], Buffer.from("two"));
    const mark = cache.writeMark();
    await cache.afterWrite(mark);
    expect((await cache.lookup("k")).page?.body.toString()).toBe("two");
    sub.committed?.();
    await cache.afterWrite(mark);
    expect((await cache.lookup("k")).page).toBeUndefined();
  });
});
