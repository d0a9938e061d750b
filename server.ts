/**
 * One process, one port: Express serves the Remix app (pages and the JSON
 * API under /api/v1), static files, /healthz and socket.io. Everything the
 * routes use comes from the Remix server build (`build.entry.module.runtime`),
 * so this file holds only the HTTP edge.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import ipaddr from "ipaddr.js";
import type { CachedPage, PageCache } from "./app/http/page-cache.server";
import { apiSecurityHeaders, securityHeaders } from "./app/http/security.server";
import { startingHeaders, startingPage } from "./app/http/starting.server";
import type { Runtime } from "./app/runtime.server";

const root = process.cwd();
const buildFile = path.join(root, "build", "index.js");
const serverBundle = path.join(root, "build", "server.js");
const sources = ["app", "db", "search", "server.ts", "remix.config.js", "tailwind.config.ts", "package-lock.json"];
// `npm start` runs this file bundled (build/server.js) with plain node: no
// TypeScript loader in the serving process, which keeps its memory down.
const bundled = fileURLToPath(import.meta.url) === serverBundle;

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** `npm start` builds first when the build is missing or older than its sources. */
async function ensureBuild() {
  if (bundled) return;
  const built = Math.min(...[buildFile, serverBundle].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const newest = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built >= newest) return;
  console.log(built ? "Sources changed since the last build: rebuilding…" : "No build yet: building…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(1);
  }
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "server.ts")],
    outfile: serverBundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/**
 * The largest request body any page or API route reads: a question's 30,000
 * characters, with room to spare. Bodies are read into memory, so without a
 * cap one anonymous request could grow the process by its size.
 */
const BODY_LIMIT = 1024 * 1024;
/**
 * Avatar uploads take images up to 5 MB; their routes read up to twice that,
 * so a file a little too large gets the form's own message ("larger than
 * 5 MB") rather than a cut connection.
 */
const UPLOAD_LIMIT = 10 * 1024 * 1024;
const uploadPaths = new Set(["/api/v1/me/avatar", "/settings"]);

class BodyTooLarge extends Error {}

function readRawBody(req: Request): Promise<Buffer> {
  const limit = uploadPaths.has(req.path.replace(/\/+$/, "")) ? UPLOAD_LIMIT : BODY_LIMIT;
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** An Express request as the Fetch Request a route module expects; it aborts when the client goes away. */
async function fetchRequest(req: Request, res: Response, abortable = true): Promise<globalThis.Request> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const withBody = req.method !== "GET" && req.method !== "HEAD";
  // Pages stop rendering for a visitor who left; API handlers never look at the signal.
  let signal: AbortSignal | undefined;
  if (abortable) {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    signal = controller.signal;
  }
  return new globalThis.Request(url, { method: req.method, headers, body: withBody ? new Uint8Array(await readRawBody(req)) : undefined, signal });
}

/** What the page cache lookup left for the answer: where to keep it, under which generation. */
interface PageCacheSlot {
  cache: PageCache;
  key: string;
  gen: number;
  /** Hands the kept page (or undefined) to the misses waiting on this render. */
  settle: (page: CachedPage | undefined) => void;
}

/** The page cache's pure helpers, from the build's copy of the module (see the runtime) so this bundle stays the HTTP edge. */
let caching: Runtime["pageCaching"];

async function sendResponse(req: Request, res: Response, response: globalThis.Response, page = true) {
  const { cacheableAnswer, notModified, storableHeaders, strongEtag } = caching;
  res.status(response.status);
  if (page && res.locals.pageCache) res.setHeader("X-Cache", "miss");
  else if (page && res.locals.pageCacheBypass) res.setHeader("X-Cache", "bypass");
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  // What a signed-in person sees is theirs: no shared cache may keep it, whatever the route said.
  if (res.locals.auth?.actor && !/no-store/.test(response.headers.get("cache-control") ?? "")) res.setHeader("Cache-Control", "private, no-store");
  const body = Buffer.from(await response.arrayBuffer());
  const slot = page ? (res.locals.pageCache as PageCacheSlot | undefined) : undefined;
  if (slot && cacheableAnswer(response.status, response.headers, res.hasHeader("set-cookie"))) {
    const etag = strongEtag(body);
    // A HEAD answer may have no body to keep; the next GET fills the entry.
    slot.settle(req.method === "GET" ? slot.cache.store(slot.key, slot.gen, response.status, storableHeaders(res.getHeaders()), body, etag) : undefined);
    res.setHeader("ETag", etag);
    if (notModified(req.headers["if-none-match"], etag)) return void res.status(304).end();
  }
  slot?.settle(undefined);
  await settleWrite(res);
  res.end(body);
}

/** A writing request is answered once the pages it may have changed are invalidated, on every node. */
async function settleWrite(res: Response) {
  const write = res.locals.pageCacheWrite as { cache: PageCache; mark: number } | undefined;
  if (!write) return;
  res.locals.pageCacheWrite = undefined;
  await write.cache.afterWrite(write.mark);
}

/** A path that cannot name anything we serve: malformed escapes or a NUL byte (which PostgreSQL refuses). */
function unservablePath(path: string): boolean {
  // Most paths have no escapes at all: nothing to decode.
  if (!path.includes("%")) return false;
  try {
    return decodeURIComponent(path).includes("\0");
  } catch {
    return true;
  }
}

function unservableQuery(query: string): boolean {
  // A NUL can only arrive escaped; a query without "%00" needs no parse.
  if (!/%00/i.test(query)) return false;
  return [...new URLSearchParams(query).values()].some((v) => v.includes("\0"));
}

/** The connection's own peer is this machine: a forwarded header could say anything, the socket cannot. */
function fromMachine(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}

async function main() {
  await ensureBuild();
  if (process.argv.includes("--build-only")) return;
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const runtime = (build.entry.module as unknown as { runtime: Runtime }).runtime;
  caching = runtime.pageCaching;
  const { notModified, pageKey } = caching;

  let cfg: ReturnType<Runtime["config"]>;
  try {
    cfg = runtime.config();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }

  const app = express();
  app.disable("x-powered-by");
  if (cfg.TRUST_PROXY) app.set("trust proxy", true);
  const server = createServer(app);
  // A request Node cannot parse never reaches Express: answer it in the contract's error shape, not an empty body.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const body = JSON.stringify({ error: { code: tooLarge ? "too_large" : "invalid", message: tooLarge ? "The request's URL or headers are too large." : "The request could not be read." } });
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  let ready = false;
  let stopping = false;
  let startingStep = "getting ready";

  let inFlight = 0;
  let lastActivityAt = 0;
  server.on("connection", () => (lastActivityAt = Date.now()));
  app.use((req, res, next) => {
    const id = (req.headers["x-request-id"] as string | undefined)?.replace(/[^\w.:-]/g, "").slice(0, 100) || randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    // Counted so that a shutdown lets every request already here finish before the database closes.
    inFlight++;
    lastActivityAt = Date.now();
    res.once("close", () => inFlight--);
    // A request on a kept-alive connection while stopping is served, and its connection then closes.
    if (stopping) res.setHeader("Connection", "close");
    next();
  });

  // Signed-out pages from the page cache (docs/decisions/013-anonymous-page-cache.md): a hit is
  // answered here, with every header it was first answered with (its security headers among
  // them), before helmet, the static files' disk lookup, auth and Remix run. Misses and
  // bypasses say so in sendResponse, so static files carry no X-Cache.
  app.use(async (req, res, next) => {
    const cache = runtime.pageCache();
    if (!cache) return next();
    if (MUTATING.has(req.method)) {
      res.locals.pageCacheWrite = { cache, mark: cache.writeMark() };
      return next();
    }
    const key = pageKey({
      method: req.method,
      url: req.originalUrl,
      path: req.path,
      host: req.headers.host,
      secure: req.protocol === "https",
      cookie: req.headers.cookie,
      authorization: req.headers.authorization,
      acceptLanguage: req.headers["accept-language"],
    });
    if (key === null) {
      res.locals.pageCacheBypass = true;
      return next();
    }
    let found;
    try {
      found = await cache.lookup(key);
    } catch (err) {
      // A cache that cannot answer (Redis away) costs a render, never the page.
      runtime.log.warn("page cache: lookup failed", err);
      res.locals.pageCacheBypass = true;
      return next();
    }
    let page = found.page;
    const waiting = page ? undefined : cache.join(key, found.gen);
    if (waiting) page = await waiting;
    if (!page) {
      const settle = cache.lead(key, found.gen);
      // Whatever ends this request (an error, a client gone), the waiters must not wait for ever.
      res.once("close", () => settle(undefined));
      res.locals.pageCache = { cache, key, gen: found.gen, settle } satisfies PageCacheSlot;
      return next();
    }
    const named = new Set<string>();
    for (const [name, value] of page.headers) {
      if (named.has(name)) res.append(name, value);
      else res.setHeader(name, value);
      named.add(name);
    }
    res.setHeader("ETag", page.etag);
    res.setHeader("Age", String(Math.floor((Date.now() - page.storedAt) / 1000)));
    res.setHeader("X-Cache", "hit");
    const dataRoute = typeof req.query._data === "string" ? req.query._data : null;
    runtime.countCachedView(req.path, dataRoute, req.ip ?? req.socket.remoteAddress ?? "unknown", req.headers["user-agent"]);
    if (notModified(req.headers["if-none-match"], page.etag)) return void res.status(304).end();
    res.status(page.status).end(page.body);
  });

  // Pages get a policy with a fresh script nonce; API answers a fixed one (no nonce to make).
  const pageHeaders = securityHeaders({ development: process.env.NODE_ENV !== "production" });
  const apiHeaders = apiSecurityHeaders();
  app.use((req, res, next) => {
    if (req.path.startsWith("/api/")) return apiHeaders(req, res, next);
    res.locals.cspNonce = randomBytes(16).toString("base64");
    pageHeaders(req, res, next);
  });
  app.use((req, res, next) => {
    if (req.protocol !== "https") res.removeHeader("Strict-Transport-Security");
    next();
  });

  app.get("/healthz", async (_req, res) => {
    if (!ready || stopping) return res.status(503).json({ status: "starting", db: "down", search: "down", realtime: "down" });
    res.setHeader("Cache-Control", "no-store");
    res.json(await runtime.health());
  });

  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // No file lives under /api: skip the disk lookup the static handler makes for every path.
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : publicFiles(req, res, next)));

  const wantsJson = (req: Request) => req.path.startsWith("/api/");
  app.use((req, res, next) => {
    if (ready) return next();
    if (wantsJson(req)) {
      return res.status(503).set(startingHeaders).json({ error: { code: "starting", message: "The forum is starting; try again in a moment." } });
    }
    res.status(503).set(startingHeaders).type("html").send(startingPage(startingStep));
  });

  const refuse = (req: Request, res: Response, status: number, code: string, message: string) =>
    wantsJson(req) ? res.status(status).json({ error: { code, message } }) : res.status(status).type("text/plain").send(message);

  app.use((req, res, next) => {
    if (unservablePath(req.path)) return refuse(req, res, 404, "not_found", "Not found.");
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "";
    if (query && unservableQuery(query)) return refuse(req, res, 400, "invalid", "The query string is not valid.");
    next();
  });

  // Cookie-authenticated mutations must come from our own pages; Bearer
  // requests carry no ambient credentials and are exempt.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!MUTATING.has(req.method) || /^Bearer\s/i.test(req.headers.authorization ?? "")) return next();
    // One-click unsubscribe (RFC 8058) is POSTed by mail providers; its signed token is the whole authority, and it changes only its own member.
    if (req.path === "/unsubscribe") return next();
    const origin = req.headers.origin;
    const expected = runtime.siteOrigin(req.headers.host, req.protocol === "https");
    if (origin ? origin !== expected : /(?:^|;\s*)forum_session=/.test(req.headers.cookie ?? "")) {
      return refuse(req, res, 403, "forbidden", "Cross-origin request refused.");
    }
    next();
  });

  app.use(async (req, res, next) => {
    try {
      const secure = req.protocol === "https";
      const auth = await runtime.authenticate({
        cookie: req.headers.cookie,
        authorization: req.headers.authorization,
        secure: runtime.cookieSecure(secure),
      });
      if (auth.setCookie) res.append("Set-Cookie", auth.setCookie);
      res.locals.auth = auth;
      res.locals.secure = secure;
      next();
    } catch (err) {
      next(err);
    }
  });

  const loadContext = (req: Request, res: Response): AppLoadContext => ({
    auth: res.locals.auth,
    requestId: res.locals.requestId,
    secure: res.locals.secure,
    ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
    cspNonce: res.locals.cspNonce ?? "",
    fromMachine: fromMachine(req.socket.remoteAddress),
  });

  // The JSON API's route modules, matched once here rather than by Remix per
  // request (docs/decisions/005-api-routes-matched-once.md).
  const apiRoutes = runtime.api.compile(build);
  app.use(async (req, res, next) => {
    if (!req.path.startsWith("/api/v1/") && req.path !== "/api/v1") return next();
    const match = runtime.api.match(apiRoutes, req.path);
    if (!match) return next();
    try {
      await sendResponse(req, res, await runtime.api.call(match, await fetchRequest(req, res, false), loadContext(req, res)), false);
    } catch (err) {
      next(err);
    }
  });

  // Pages go through Remix, with the body read under the same cap as the API's.
  const handlePage = createRequestHandler(build, process.env.NODE_ENV === "production" ? "production" : "development");
  app.all("*", async (req, res, next) => {
    try {
      await sendResponse(req, res, await handlePage(await fetchRequest(req, res), loadContext(req, res)));
    } catch (err) {
      next(err);
    }
  });

  app.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof BodyTooLarge) {
      // Stop reading: the rest of a huge body is not worth the bandwidth.
      res.setHeader("Connection", "close");
      refuse(req, res, 413, "too_large", "The request body is larger than 1 MB.");
      res.once("finish", () => req.destroy());
      return;
    }
    runtime.log.error(`500 ${req.method} ${req.path} request=${res.locals.requestId}`, err);
    if (res.headersSent) return;
    await settleWrite(res).catch(() => undefined);
    refuse(req, res, 500, "internal", `Something went wrong on our side (request ${res.locals.requestId}).`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.PORT, cfg.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : cfg.PORT;
  // Bound to every interface or to loopback, this machine reaches the forum at localhost (and setup trusts it there).
  const everywhere = ["0.0.0.0", "::", "localhost"].includes(cfg.HOST) || fromMachine(cfg.HOST);
  const localUrl = everywhere ? `http://localhost:${port}` : `http://${cfg.HOST.includes(":") ? `[${cfg.HOST}]` : cfg.HOST}:${port}`;
  runtime.log.info(`listening on ${localUrl}; starting up (pages say "starting" until the forum is ready)`);

  /**
   * A graceful stop: /healthz answers 503 at once (a load balancer stops
   * sending), every request already sent is served (each answer closes its
   * connection), and only when nothing has arrived for half a second (at most
   * 10 s) does the listener close and the runtime stop: jobs, sockets, search,
   * then the database. Closing the listener at once would reset connections
   * still waiting in the kernel's accept queue while the process was busy.
   */
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log.info(`${signal}: shutting down; ${inFlight} request(s) in flight`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivityAt < 500)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    server.close();
    await runtime.stop();
    server.closeAllConnections();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  try {
    await runtime.start(server, (step) => {
      startingStep = step;
      runtime.log.info(`starting: ${step}…`);
    });
    ready = true;
    runtime.log.info(`ready: open ${cfg.PUBLIC_URL ?? localUrl}`);
    const code = await runtime.pendingSetupCode();
    if (code) announceSetup(cfg.PUBLIC_URL ?? (everywhere ? networkUrl(cfg.HOST, port) : localUrl), everywhere ? localUrl : null, code);
  } catch (err) {
    runtime.log.error("start failed", err);
    await runtime.stop();
    process.exit(1);
  }
}

/** Bound to every interface: an address another machine on the network may reach it at (the first non-loopback one), if any. */
function networkUrl(host: string, port: number): string | undefined {
  if (host === "localhost" || fromMachine(host)) return undefined;
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4");
  return found ? `http://${found.address}:${port}` : undefined;
}

/**
 * A new forum has no admin yet: say, where its operator is sure to look, how
 * to finish setup, here or from another machine with the one-time code.
 */
function announceSetup(publicUrl: string | undefined, localUrl: string | null, code: string) {
  const codePath = `/setup?code=${code}`;
  const lines = [
    "This forum is not set up yet: no administrator exists.",
    ...(localUrl ? [`On this machine, open ${localUrl}/setup`] : []),
    publicUrl
      ? `${localUrl ? "From anywhere else" : "To finish it"}, open ${publicUrl.replace(/\/$/, "")}${codePath}`
      : `From another machine, open this forum's address followed by ${codePath}`,
    "(the code works once, until this process stops; with ADMIN_EMAIL, ADMIN_USERNAME and",
    "ADMIN_PASSWORD set, the admin is created at start instead)",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "─".repeat(width + 2);
  console.log([`┌${rule}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${rule}┘`].join("\n"));
}

void main();
