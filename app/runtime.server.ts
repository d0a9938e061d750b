/**
 * The process's lifecycle: open the database and search, bootstrap the admin,
 * attach socket.io, and tear it all down in order. server.ts reaches this
 * through the Remix server build, so the app and the server share one copy
 * of every module.
 */
import type { Server as HttpServer } from "node:http";
import { databaseHandle, openDatabase, useDatabase } from "#db/client.server";
import { applyIndexSettings, createSearchClient, searchHandle, useSearch, type SearchHandle } from "#search/client.server";
import { startDrainer, type Drainer } from "#search/drainer.server";
import { startEmbeddedMeili } from "#search/embedded.server";
import { authenticate, type Credentials, type RequestAuth } from "~/auth/authenticate.server";
import { config, type Config } from "~/config.server";
import { callApiRoute, compileApiRoutes, matchApiRoute } from "~/http/api-routes.server";
import { bootstrapAdmin } from "~/domain/accounts/bootstrap.server";
import { needsSetup } from "~/domain/setup/first-run.server";
import { issueSetupCode } from "~/domain/setup/setup-code.server";
import { subscribe } from "~/domain/events/transact.server";
import { subscribeDomain } from "~/domain/subscribers.server";
import { socketNotices } from "~/realtime/notices.server";
import { applyVocabulary } from "~/domain/search/vocabulary.server";
import { attachRealtime, type Realtime } from "~/realtime/server.server";
import { flushTownhallNotices } from "~/realtime/publish.server";
import { useRealtime } from "~/realtime/publisher.server";
import { log } from "~/log.server";
import { cacheableAnswer, notModified, PageCache, pageKey, storableHeaders, strongEtag } from "~/http/page-cache.server";
import { anonymousViewer, recordView } from "~/domain/questions/views.server";
import { stopJobs } from "~/jobs/boss.server";
import { startWorker } from "~/jobs/worker.server";
import { scheduleDigests } from "~/domain/mail-notifications/digest.server";

export interface Health {
  status: "ok" | "degraded";
  db: "ok" | "down";
  search: "ok" | "down";
  realtime: "ok" | "down";
}

let realtime: Realtime | undefined;
let drainer: Drainer | undefined;
let started = false;
let unsubscribe: (() => void)[] = [];
let pageCache: PageCache | undefined;

async function startSearch(cfg: Config): Promise<SearchHandle | undefined> {
  try {
    if (cfg.MEILI_HOST) {
      const client = createSearchClient(cfg.MEILI_HOST, cfg.MEILI_MASTER_KEY);
      return { client, prefix: cfg.MEILI_INDEX_PREFIX, host: cfg.MEILI_HOST, embedded: false, healthy: () => client.isHealthy(), stop: async () => {} };
    }
    let embedded = await startEmbeddedMeili({ dataDir: cfg.dataDir });
    const client = createSearchClient(embedded.host, embedded.apiKey);
    log.info(`search: bundled Meilisearch at ${embedded.host} (pid ${embedded.pid})`);
    let stopped = false;
    // If the child dies, bring it back on the same port with the same key, so
    // the client keeps working; meanwhile search answers degraded and the outbox waits.
    const supervise = (instance: typeof embedded, attempt = 0) =>
      instance.onUnexpectedExit(async (code) => {
        log.error(`search: bundled Meilisearch exited (code ${code}); restarting`);
        for (let i = attempt; !stopped; i++) {
          await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** i)));
          if (stopped) return;
          try {
            embedded = await startEmbeddedMeili({ dataDir: cfg.dataDir, port: instance.port });
            log.info(`search: bundled Meilisearch back (pid ${embedded.pid})`);
            supervise(embedded);
            return;
          } catch (err) {
            log.error("search: restart failed; trying again", err);
          }
        }
      });
    supervise(embedded);
    return {
      client,
      prefix: cfg.MEILI_INDEX_PREFIX,
      host: embedded.host,
      embedded: true,
      healthy: () => client.isHealthy(),
      stop: async () => {
        stopped = true;
        await embedded.stop();
      },
    };
  } catch (err) {
    // Search being down makes the forum degraded, not dead.
    log.error("search: could not start Meilisearch; running degraded", err);
    return undefined;
  }
}

export function siteOrigin(cfg: Config, requestHost: string | undefined, secure: boolean): string | null {
  if (cfg.PUBLIC_URL) return new URL(cfg.PUBLIC_URL).origin;
  if (!requestHost) return null;
  return `${secure ? "https" : "http"}://${requestHost}`;
}

export const runtime = {
  config,
  log,
  api: { compile: compileApiRoutes, match: matchApiRoute, call: callApiRoute },
  siteOrigin: (requestHost: string | undefined, secure: boolean) => siteOrigin(config(), requestHost, secure),

  cookieSecure(requestSecure: boolean) {
    const mode = config().COOKIE_SECURE;
    return mode === "auto" ? requestSecure : mode === "true";
  },

  /** Brings every part up; `onStep` hears each step as it begins (the terminal and the starting page say it). */
  async start(httpServer: HttpServer, onStep: (step: string) => void = () => {}) {
    const cfg = config();
    const began = Date.now();
    onStep(cfg.MEILI_HOST ? "opening the database" : "opening the database and starting the bundled search engine");
    const [database, search] = await Promise.all([
      openDatabase({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.dataDir, owner: `the forum server (port ${cfg.PORT})` }),
      startSearch(cfg),
    ]);
    useDatabase(database);
    useSearch(search);
    if (cfg.PAGE_CACHE_SECONDS > 0) {
      pageCache = cfg.REDIS_URL
        ? await PageCache.redis(cfg.REDIS_URL, cfg.PAGE_CACHE_SECONDS, (msg, err) => log.error(msg, err))
        : PageCache.memory(cfg.PAGE_CACHE_SECONDS, cfg.PAGE_CACHE_MB);
      log.info(`page cache: signed-out pages kept ${cfg.PAGE_CACHE_SECONDS} s ${cfg.REDIS_URL ? "in Redis" : `in process (up to ${cfg.PAGE_CACHE_MB} MB)`}`);
    }
    // Side effects of every write: the domain's durable ones, the page cache's invalidation, then the
    // sockets' notices (in that order: a page a notice makes a reader refetch must already be stale).
    unsubscribe = [subscribeDomain(), ...(pageCache ? [subscribe(pageCache.invalidation())] : []), subscribe(socketNotices)];
    onStep("applying database migrations");
    await database.migrate();
    log.info(`db: ${database.kind === "postgres" ? "PostgreSQL" : `PGlite in ${cfg.dataDir}/pglite`}, migrations applied`);

    onStep("starting background jobs");
    await startWorker(database);
    await scheduleDigests(new Date());
    log.info("jobs: pg-boss started");

    const admin = await bootstrapAdmin(cfg);
    if (admin.created) log.info(`accounts: created admin ${admin.user.username}`);

    if (search) {
      onStep("preparing the search indexes");
      try {
        await applyIndexSettings(search.client, search.prefix);
        await applyVocabulary(search.client, search.prefix);
      } catch (err) {
        log.error("search: could not apply index settings", err);
      }
    }

    drainer = startDrainer(
      () => {
        const handle = searchHandle();
        return handle ? { client: handle.client, prefix: handle.prefix } : undefined;
      },
      (msg, err) => (err ? log.error(msg, err) : log.info(msg)),
      // Search results (and related questions) come from the index: a page rendered before the push may be missing a change.
      { onPushed: () => pageCache?.invalidate() },
    );

    onStep("attaching live updates");
    realtime = await attachRealtime(httpServer, {
      redisUrl: cfg.REDIS_URL,
      authenticate: async ({ cookie, token, secure }) => {
        const auth = await authenticate({ cookie, token, secure: runtime.cookieSecure(secure) });
        return { actor: auth.actor, sessionId: auth.sessionId, tokenId: auth.tokenId };
      },
      allowedOrigin: (host, secure) => siteOrigin(cfg, host, secure),
      log: (msg, err) => log.error(`realtime: ${msg}`, err),
    });
    useRealtime(realtime.io);
    unsubscribe.push(subscribe(realtime.access));
    started = true;
    log.info(`ready in ${Date.now() - began} ms`);
  },

  /** While no admin exists: a fresh one-time setup code (the caller prints it), else null. */
  async pendingSetupCode(): Promise<string | null> {
    return (await needsSetup()) ? issueSetupCode() : null;
  },

  authenticate(creds: Credentials): Promise<RequestAuth> {
    return authenticate(creds);
  },

  /** What server.ts needs to key, keep and revalidate cached pages. */
  pageCaching: { pageKey, cacheableAnswer, notModified, storableHeaders, strongEtag },

  /** The signed-out page cache, when PAGE_CACHE_SECONDS is above 0 and the forum has started. */
  pageCache(): PageCache | undefined {
    return started ? pageCache : undefined;
  },

  /** A cached question page served to a signed-out reader still counts as their view, as the loader would have. */
  countCachedView(path: string, dataRoute: string | null, ip: string, userAgent: string | undefined) {
    const match = /^\/q\/([^/]+)$/.exec(path);
    if (!match || (dataRoute !== null && dataRoute !== "routes/q.$id")) return;
    recordView(decodeURIComponent(match[1]), anonymousViewer(ip, userAgent)).catch((err) => log.warn("view count failed", err));
  },

  onlineCount() {
    return realtime?.onlineCount() ?? 0;
  },

  async health(): Promise<Health> {
    const database = databaseHandle();
    const search = searchHandle();
    const [dbOk, searchOk] = await Promise.all([
      database ? database.ping() : Promise.resolve(false),
      search ? search.healthy().catch(() => false) : Promise.resolve(false),
    ]);
    const rt = started && realtime ? "ok" : "down";
    return {
      status: dbOk && searchOk && rt === "ok" ? "ok" : "degraded",
      db: dbOk ? "ok" : "down",
      search: searchOk ? "ok" : "down",
      realtime: rt,
    };
  },

  async stop() {
    started = false;
    await drainer?.stop();
    drainer = undefined;
    await stopJobs().catch((err) => log.error("jobs: stop failed", err));
    // Changes already committed still reach the attendees connected to this node.
    flushTownhallNotices();
    await realtime?.close().catch((err) => log.error("realtime: close failed", err));
    useRealtime(undefined);
    unsubscribe.forEach((u) => u());
    unsubscribe = [];
    await pageCache?.close().catch((err) => log.error("page cache: close failed", err));
    pageCache = undefined;
    await searchHandle()?.stop().catch((err) => log.error("search: stop failed", err));
    useSearch(undefined);
    await databaseHandle()?.close().catch((err) => log.error("db: close failed", err));
    useDatabase(undefined);
  },
};

export type Runtime = typeof runtime;
