/**
 * The page cache for signed-out readers (docs/decisions/013-anonymous-page-cache.md):
 * whole answers (HTML and Remix `_data` JSON) of public pages, kept for
 * PAGE_CACHE_SECONDS per path + query + language + time-zone cookie, and
 * served by server.ts without running Remix. A request with a session cookie
 * or an Authorization header never touches it.
 *
 * Invalidation is one generation number: every entry carries the generation
 * it was rendered under and counts only while that is still the current one.
 * A commit that may change a public page bumps it (see `invalidation`), so
 * one write makes every entry stale at once; simple, and obviously correct.
 * In process by default; with REDIS_URL the entries and the generation live
 * in Redis, so every node serves and drops the same ones.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { createClient, RESP_TYPES } from "redis";
import { SESSION_COOKIE } from "~/auth/lucia.server";
import type { Subscriber } from "~/domain/events/transact.server";
import type { DomainEvent, DomainEventType } from "~/domain/events/types";
import { timeZoneFromCookies } from "./time-zone.server";

export interface CachedPage {
  /** The generation the page was rendered under. */
  gen: number;
  storedAt: number;
  status: number;
  /** Every header the page was answered with (its own Content-Security-Policy among them), less the per-request ones. */
  headers: [string, string][];
  etag: string;
  body: Buffer;
}

export interface Lookup {
  gen: number;
  page: CachedPage | undefined;
}

interface Store {
  read(key: string): Lookup | Promise<Lookup>;
  write(key: string, page: CachedPage): void;
  bump(): void;
  /** Resolves once every bump asked for so far is visible to every node. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface PageRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  path: string;
  host: string | undefined;
  secure: boolean;
  cookie: string | undefined;
  authorization: string | undefined;
  acceptLanguage: string | undefined;
}

/**
 * Pages that are not public reads, or carry one visitor's state: setup's
 * one-time code, unsubscribe, reset and verification links, the sign-in forms
 * and single sign-on, and everything only members reach (for a signed-out
 * visitor those answer a redirect anyway).
 */
const NEVER = /^\/(?:api|auth|build|setup|unsubscribe|login|signup|logout|forgot-password|reset-password|verify-email|avatars|resources|healthz|admin|staff|settings|notifications|following|ask)(?:\/|$)|\.(?:ics|csv|webmanifest)$/;
const SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`);

/**
 * The cache's key for a request, or null when the request must bypass it.
 * Only what changes a signed-out page is in it: scheme and host (links and
 * the HSTS header), the path and whole query (`_data` too, so a loader's JSON
 * is its own entry), the reader's first language and the `tz` cookie (the
 * page writes times in that zone). Other cookies change nothing on a
 * signed-out page.
 */
export function pageKey(req: PageRequest): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (req.authorization !== undefined) return null;
  // Even an expired or forged session cookie: what it gets back (a cleared cookie) is its own.
  if (req.cookie && SESSION.test(req.cookie)) return null;
  if (NEVER.test(req.path)) return null;
  const zone = timeZoneFromCookies(req.cookie) ?? "";
  return `${req.secure ? "https" : "http"}|${req.host ?? ""}|${primaryLanguage(req.acceptLanguage)}|${zone}|${req.url}`;
}

/** "en-GB,en;q=0.8" -> "en-gb": the language a reader would be shown, not their whole list (which would split the cache per browser). */
export function primaryLanguage(header: string | undefined): string {
  if (!header) return "";
  const first = header.split(",")[0].split(";")[0].trim().toLowerCase();
  return /^[a-z0-9-]{1,35}$/.test(first) ? first : "";
}

/** Whether an answer may be kept: a whole 200 page or loader JSON that sets no cookie and did not ask not to be stored. */
export function cacheableAnswer(status: number, headers: { get(name: string): string | null }, setsCookie: boolean): boolean {
  if (status !== 200 || setsCookie) return false;
  const type = headers.get("content-type") ?? "";
  if (!/^(?:text\/html|application\/json)\b/i.test(type)) return false;
  return !/no-store|private|no-cache/i.test(headers.get("cache-control") ?? "");
}

export function strongEtag(body: Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** If-None-Match against our ETag: a list, `*`, or the weak form of the same tag all match (RFC 9110, weak comparison for GET). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** Headers that belong to one answer, not to the page: never stored, never replayed. */
const PER_REQUEST = new Set(["x-request-id", "set-cookie", "connection", "keep-alive", "content-length", "transfer-encoding", "date", "etag", "x-cache", "age"]);

export function storableHeaders(headers: Record<string, number | string | string[] | undefined>): [string, string][] {
  const kept: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_REQUEST.has(name.toLowerCase())) continue;
    if (Array.isArray(value)) for (const v of value) kept.push([name, v]);
    else kept.push([name, String(value)]);
  }
  return kept;
}

/**
 * Events that change nothing a signed-out reader sees: private notices,
 * sessions and tokens, staff notes, private threads and the review queue.
 * Everything else (a question, an answer, a vote, a hide, a town hall) may.
 */
const PRIVATE_EVENTS = new Set<DomainEventType>([
  "notification.created",
  "session.ended",
  "sessions.ended",
  "token.revoked",
  "case.noted",
  "case.private_message",
  "review.changed",
]);

export function changesPublicPages(events: readonly DomainEvent[]): boolean {
  return events.some((e) => !PRIVATE_EVENTS.has(e.type));
}

// ---------------------------------------------------------------- stores

function memoryStore(ttlMs: number, maxBytes: number): Store {
  let gen = 0;
  const pages = new LRUCache<string, CachedPage>({
    maxSize: maxBytes,
    // The body plus a rough allowance for the key, headers and object.
    sizeCalculation: (page, key) => page.body.length + key.length + 1024,
    ttl: ttlMs,
  });
  return {
    read: (key) => ({ gen, page: pages.get(key) }),
    write: (key, page) => {
      if (page.gen === gen) pages.set(key, page);
    },
    bump: () => {
      gen++;
      // Stale entries would only wait for their TTL: give their memory back now.
      pages.clear();
    },
    settled: () => Promise.resolve(),
    close: async () => pages.clear(),
  };
}

/** An entry in Redis: a 4-byte length, the JSON of everything but the body, then the body's bytes. */
function encode(page: CachedPage): Buffer {
  const meta = Buffer.from(JSON.stringify({ gen: page.gen, storedAt: page.storedAt, status: page.status, headers: page.headers, etag: page.etag }));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(meta.length);
  return Buffer.concat([head, meta, page.body]);
}

function decode(raw: Buffer): CachedPage | undefined {
  if (raw.length < 4) return undefined;
  const length = raw.readUInt32BE(0);
  try {
    const meta = JSON.parse(raw.subarray(4, 4 + length).toString("utf8")) as Omit<CachedPage, "body">;
    return { ...meta, body: raw.subarray(4 + length) };
  } catch {
    return undefined;
  }
}

export async function redisStore(url: string, ttlMs: number, prefix: string, log: (msg: string, err?: unknown) => void): Promise<Store> {
  // Values come back as bytes: a page body is not always text worth decoding.
  const client = createClient({ url }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  client.on("error", (err) => log("page cache: redis error", err));
  await client.connect();
  const genKey = `${prefix}gen`;
  // Keys hashed: a URL may be kilobytes long.
  const entryKey = (key: string) => `${prefix}page:${createHash("sha1").update(key).digest("base64url")}`;
  let pending: Promise<unknown> = Promise.resolve();
  return {
    async read(key) {
      // One round trip: the generation and the entry together.
      const [gen, raw] = (await client.mGet([genKey, entryKey(key)])) as unknown as (Buffer | null)[];
      const current = gen ? Number(gen.toString()) : 0;
      return { gen: current, page: raw ? decode(raw) : undefined };
    },
    write(key, page) {
      client.set(entryKey(key), encode(page), { expiration: { type: "PX", value: ttlMs } }).catch((err) => log("page cache: could not store a page", err));
    },
    bump() {
      const done = client.incr(genKey).catch((err) => log("page cache: could not invalidate (pages stay until their TTL)", err));
      pending = Promise.all([pending, done]);
    },
    settled: () => pending.then(() => undefined),
    async close() {
      await pending;
      await client.quit().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------- the cache

export class PageCache {
  /** Commits seen, of any kind: a writing request that saw one invalidates (see `afterWrite`). */
  private commits = 0;
  /** Renders under way in this process, by generation and key, for the misses that arrive meanwhile. */
  private rendering = new Map<string, Promise<CachedPage | undefined>>();

  constructor(
    private readonly backend: Store,
    readonly ttlMs: number,
  ) {}

  static memory(ttlSeconds: number, maxMb: number) {
    return new PageCache(memoryStore(ttlSeconds * 1000, maxMb * 1024 * 1024), ttlSeconds * 1000);
  }

  static async redis(url: string, ttlSeconds: number, log: (msg: string, err?: unknown) => void, prefix = "pagecache:") {
    return new PageCache(await redisStore(url, ttlSeconds * 1000, prefix, log), ttlSeconds * 1000);
  }

  /** The current generation, and the page under `key` if it was rendered under it and is still fresh. */
  async lookup(key: string): Promise<Lookup> {
    const found = await this.backend.read(key);
    const page = found.page;
    const fresh = page && page.gen === found.gen && Date.now() - page.storedAt < this.ttlMs;
    return { gen: found.gen, page: fresh ? page : undefined };
  }

  /** Keeps a page rendered under generation `gen`; a page from before a bump is dropped (its data may predate the change). */
  store(key: string, gen: number, status: number, headers: [string, string][], body: Buffer, etag = strongEtag(body)): CachedPage {
    const page: CachedPage = { gen, storedAt: Date.now(), status, headers, etag, body };
    this.backend.write(key, page);
    return page;
  }

  /**
   * A miss while the same page is already being rendered here (right after an
   * invalidation, every reader of a busy page misses at once) waits for that
   * render instead of repeating it: the render's page, or undefined if it
   * could not be kept and the waiter must render for itself. Undefined when
   * nothing is being rendered; call `lead` then.
   */
  join(key: string, gen: number): Promise<CachedPage | undefined> | undefined {
    return this.rendering.get(`${gen}|${key}`);
  }

  /** Marks this request as the one rendering the page; the returned function (safe to call more than once) hands its result to the waiters. */
  lead(key: string, gen: number): (page: CachedPage | undefined) => void {
    const slot = `${gen}|${key}`;
    let resolve!: (page: CachedPage | undefined) => void;
    const done = new Promise<CachedPage | undefined>((r) => (resolve = r));
    this.rendering.set(slot, done);
    let settled = false;
    return (page) => {
      if (settled) return;
      settled = true;
      if (this.rendering.get(slot) === done) this.rendering.delete(slot);
      resolve(page);
    };
  }

  invalidate() {
    this.backend.bump();
  }

  /** Resolves once every invalidation so far is visible to every node (Redis), at once in process. */
  settled() {
    return this.backend.settled();
  }

  /** A mark to hand back to `afterWrite` when a writing request ends. */
  writeMark() {
    return this.commits;
  }

  /**
   * A writing request is answered only after this: if anything committed
   * while it ran (counted over the whole process, so at worst a concurrent
   * write makes it invalidate needlessly), the cache is invalidated and the
   * new generation is visible to every node before the writer hears back.
   * Writes without events (a category renamed, a profile edited) are covered
   * this way; a commit with no request behind it (a job) must say what it
   * changed with an event.
   */
  async afterWrite(mark: number) {
    if (this.commits !== mark) this.invalidate();
    await this.settled();
  }

  /** The live subscriber: counts every commit and invalidates on events a signed-out reader could see. */
  invalidation(): Subscriber {
    return {
      name: "page-cache",
      committed: () => {
        this.commits++;
      },
      afterCommit: (events) => {
        if (changesPublicPages(events)) this.invalidate();
      },
    };
  }

  close() {
    return this.backend.close();
  }
}
