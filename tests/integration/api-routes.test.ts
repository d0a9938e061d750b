import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { compileApiRoutes, matchApiRoute, type ApiRoute } from "~/http/api-routes.server";
import { ApiClient } from "../support/http";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const routeFiles = fs
  .readdirSync(path.join(root, "app/routes"))
  .filter((f) => f.startsWith("api.v1.") && f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""));

let routes: ApiRoute[];

beforeAll(async () => {
  // npm test builds before it runs the suites; the server under test serves this same build.
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  routes = compileApiRoutes(build);
});

/** A path the route file answers: `api.v1.questions.$id.answers` -> `/api/v1/questions/p1/answers`. */
const samplePath = (file: string) =>
  "/" +
  file
    .split(".")
    .map((seg, i) => (seg.startsWith("$") ? `p${i}` : seg))
    .join("/");

describe("the JSON API's route table", () => {
  it("finds every api.v1 route file at its own path, and ranks the catch-all last", () => {
    expect(routeFiles.length).toBeGreaterThan(50);
    for (const file of routeFiles.filter((f) => f !== "api.v1.$")) {
      const match = matchApiRoute(routes, samplePath(file));
      expect(match?.route.id, file).toBe(`routes/${file}`);
    }
    expect(routes.at(-1)?.id).toBe("routes/api.v1.$");
    expect(matchApiRoute(routes, "/api/v1/no/such/thing")?.route.id).toBe("routes/api.v1.$");
  });

  it("passes decoded parameters, and prefers a fixed segment to a parameter", () => {
    const byName = matchApiRoute(routes, "/api/v1/users/ana%20maria/reputation");
    expect(byName?.route.id).toBe("routes/api.v1.users.$username.reputation");
    expect(byName?.params).toEqual({ username: "ana maria" });
    expect(matchApiRoute(routes, "/api/v1/search/similar")?.route.id).toBe("routes/api.v1.search.similar");
    expect(matchApiRoute(routes, "/api/v1/search/")?.route.id).toBe("routes/api.v1.search");
  });
});

describe("the JSON API over HTTP", () => {
  const client = new ApiClient();

  it("answers unknown endpoints and malformed paths with the contract's 404", async () => {
    for (const p of ["/api/v1/nothing-here", "/api/v1/users/%E0%A4%A/reputation"]) {
      const res = await client.get(p);
      expect(res.status, p).toBe(404);
      expect(res.body().error.code).toBe("not_found");
    }
  });

  it("refuses a method an endpoint does not take with 405 and Allow", async () => {
    const res = await client.post("/api/v1/search", {});
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(res.body().error.code).toBe("method_not_allowed");
  });

  it("refuses a body over 1 MB with 413, before any endpoint reads it", async () => {
    const res = await client.post("/api/v1/auth/login", { login: "x", password: "y".repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body().error.code).toBe("too_large");
  });

  it("carries query strings, request ids and JSON bodies through as Remix did", async () => {
    const search = await client.get("/api/v1/search?q=&sort=sideways", { "X-Request-Id": "route-table-check" });
    expect(search.status).toBe(400);
    expect(search.headers.get("x-request-id")).toBe("route-table-check");
    expect(search.body().error.fields).toHaveProperty("sort");
    const login = await client.post("/api/v1/auth/login", { login: "nobody-at-all", password: "wrong-password-1" });
    expect(login.status).toBe(401);
    expect(login.body().error.code).toBe("unauthenticated");
  });
});
