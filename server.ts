/**
 * One process, one port: Express serves the Remix app (pages and the JSON
 * API under /api/v1), static files, /healthz and socket.io. Everything the
 * routes use comes from the Remix server build (`build.entry.module.runtime`),
 * so this file holds only the HTTP edge.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
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
/** The largest request body the JSON API reads: a question's 30,000 characters, with room to spare. */
const API_BODY_LIMIT = 1024 * 1024;

class BodyTooLarge extends Error {}

function readRawBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > API_BODY_LIMIT) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** An Express request as the Fetch Request a route module expects, as @remix-run/express builds it. */
async function fetchRequest(req: Request): Promise<globalThis.Request> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const withBody = req.method !== "GET" && req.method !== "HEAD";
  return new globalThis.Request(url, { method: req.method, headers, body: withBody ? new Uint8Array(await readRawBody(req)) : undefined });
}

async function sendResponse(res: Response, response: globalThis.Response) {
  res.status(response.status);
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function main() {
  await ensureBuild();
  if (process.argv.includes("--build-only")) return;
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const runtime = (build.entry.module as unknown as { runtime: Runtime }).runtime;

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
  let ready = false;
  let stopping = false;

  app.use((req, res, next) => {
    const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) || randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
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

  app.use((req, res, next) => {
    if (ready && !stopping) return next();
    res.setHeader("Retry-After", "2");
    res.status(503).send("The forum is starting; try again in a moment.");
  });

  const wantsJson = (req: Request) => req.path.startsWith("/api/");
  const refuse = (req: Request, res: Response, status: number, code: string, message: string) =>
    wantsJson(req) ? res.status(status).json({ error: { code, message } }) : res.status(status).type("text/plain").send(message);

  // Cookie-authenticated mutations must come from our own pages; Bearer
  // requests carry no ambient credentials and are exempt.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!MUTATING.has(req.method) || /^Bearer\s/i.test(req.headers.authorization ?? "")) return next();
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
  });

  // The JSON API's route modules, matched once here rather than by Remix per
  // request (docs/decisions/005-api-routes-matched-once.md).
  const apiRoutes = runtime.api.compile(build);
  app.use(async (req, res, next) => {
    if (!req.path.startsWith("/api/v1/") && req.path !== "/api/v1") return next();
    const match = runtime.api.match(apiRoutes, req.path);
    if (!match) return next();
    try {
      await sendResponse(res, await runtime.api.call(match, await fetchRequest(req), loadContext(req, res)));
    } catch (err) {
      if (err instanceof BodyTooLarge) return refuse(req, res, 413, "too_large", "The request body is larger than 1 MB.");
      next(err);
    }
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: loadContext,
    }),
  );

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    runtime.log.error(`500 ${req.method} ${req.path} request=${res.locals.requestId}`, err);
    if (res.headersSent) return;
    refuse(req, res, 500, "internal", `Something went wrong on our side (request ${res.locals.requestId}).`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.PORT, cfg.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : cfg.PORT;
  runtime.log.info(`listening on http://localhost:${port}`);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close();
    server.closeIdleConnections();
    await runtime.stop();
    server.closeAllConnections();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  try {
    await runtime.start(server);
    ready = true;
  } catch (err) {
    runtime.log.error("start failed", err);
    await runtime.stop();
    process.exit(1);
  }
}

void main();
