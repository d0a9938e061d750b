import { json, type AppLoadContext, type ServerBuild } from "@remix-run/node";

/**
 * The JSON API's resource routes (`app/routes/api.v1.*`), matched once at
 * start instead of through Remix on every request. Remix's matcher flattens
 * and ranks every route of the app for each request, twice; for the API,
 * whose answers are small and whose callers are integrations and load, that
 * was a third of the server's time on a search. The route modules stay the
 * one definition of each endpoint: this only finds the module and calls its
 * `loader` (GET, HEAD) or `action` (anything else), as Remix does for a
 * resource route. See docs/decisions/005-api-routes-matched-once.md.
 */

type Params = Record<string, string>;
type Handler = (args: { request: Request; params: Params; context: AppLoadContext }) => Response | Promise<Response>;

export interface ApiRoute {
  id: string;
  path: string;
  pattern: RegExp;
  keys: string[];
  score: number;
  loader?: Handler;
  action?: Handler;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Remix's ranking: static segments outrank parameters, a splat ranks last. */
function rank(segments: string[]) {
  let score = segments.length;
  for (const s of segments) score += s === "*" ? -2 : s.startsWith(":") ? 3 : 10;
  return score;
}

/** A route's whole path: flat routes nest (`api.v1.search.similar` sits inside `api.v1.search`). */
function fullPath(build: ServerBuild, id: string): string {
  const route = build.routes[id];
  const own = route.path ?? "";
  const parent = route.parentId ? fullPath(build, route.parentId) : "";
  return [parent, own].filter(Boolean).join("/");
}

/** Every route under `prefix` (a path without its leading slash), best match first. */
export function compileApiRoutes(build: ServerBuild, prefix = "api/v1"): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [id, route] of Object.entries(build.routes)) {
    const path = fullPath(build, id);
    if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
    const segments = path.split("/").filter(Boolean);
    const keys: string[] = [];
    const source = segments
      .map((s) => {
        if (s === "*") {
          keys.push("*");
          return "(?:/(.*))?";
        }
        if (s.startsWith(":")) {
          keys.push(s.slice(1));
          return "/([^/]+)";
        }
        return `/${escapeRegExp(s)}`;
      })
      .join("");
    const module = route.module as { loader?: Handler; action?: Handler };
    routes.push({ id, path, pattern: new RegExp(`^${source}/?$`), keys, score: rank(segments), loader: module.loader, action: module.action });
  }
  return routes.sort((a, b) => b.score - a.score);
}

/** A malformed escape names nothing that exists: kept as written, it finds nothing and the endpoint says 404. */
function decode(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchApiRoute(routes: ApiRoute[], pathname: string): { route: ApiRoute; params: Params } | null {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: Params = {};
    route.keys.forEach((k, i) => (params[k] = decode(m[i + 1] ?? "")));
    return { route, params };
  }
  return null;
}

/** Calls the matched module as Remix would: a thrown Response is the answer. */
export async function callApiRoute(match: { route: ApiRoute; params: Params }, request: Request, context: AppLoadContext): Promise<Response> {
  const read = request.method === "GET" || request.method === "HEAD";
  const handler = read ? match.route.loader : match.route.action;
  if (!handler) {
    return json({ error: { code: "method_not_allowed", message: `${request.method} is not allowed here.` } }, { status: 405 });
  }
  try {
    return await handler({ request, params: match.params, context });
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}
