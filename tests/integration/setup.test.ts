/**
 * A fresh forum, as `npm start` makes it on the embedded database with no
 * ADMIN_* variables: a friendly "starting" page while it comes up, then a
 * banner on every page until /setup creates the admin, names the community
 * and makes its first categories, after which /setup is gone.
 *
 * The server listens on every interface, so the test reaches it both over
 * loopback (the machine itself: trusted) and over this machine's own network
 * address (the socket's peer is then not loopback: the one-time code is needed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../search/embedded.server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-setup-"));
let child: ChildProcess;
let output = "";
let local = "";
let remote = "";

/** An address of this machine that is not loopback: connecting to it makes a non-loopback peer. */
function networkAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  if (!found) throw new Error("This test needs a non-loopback IPv4 address on this machine (see `hostname -I`).");
  return found.address;
}

async function until<T>(check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.slice(-3000)}`);
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out; server output:\n${output.slice(-3000)}`);
}

const starting: { page?: Response; pageBody?: string; health?: Response; healthBody?: unknown; api?: Response; apiBody?: unknown } = {};

beforeAll(async () => {
  const { meiliHost, meiliKey } = inject("env");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "0.0.0.0",
    DATA_DIR: dataDir,
    MEILI_HOST: meiliHost,
    MEILI_MASTER_KEY: meiliKey,
    MEILI_INDEX_PREFIX: `setup_${Date.now().toString(36)}_`,
  };
  for (const name of ["DATABASE_URL", "ADMIN_EMAIL", "ADMIN_USERNAME", "ADMIN_PASSWORD", "PUBLIC_URL"]) delete env[name];
  child = spawn(process.execPath, ["build/server.js"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  local = `http://127.0.0.1:${port}`;
  remote = `http://${networkAddress()}:${port}`;

  // The first answer the server gives, while it is still starting.
  await until(async () => {
    const page = await fetch(`${local}/questions`, { headers: { Accept: "text/html" } }).catch(() => undefined);
    if (!page) return undefined;
    const [health, api] = await Promise.all([fetch(`${local}/healthz`), fetch(`${local}/api/v1/categories`)]);
    Object.assign(starting, { page, pageBody: await page.text(), health, healthBody: await health.json(), api, apiBody: await api.json() });
    return true;
  }, 90_000);
  await until(() => fetch(`${local}/healthz`).then((r) => (r.status === 200 ? true : undefined)), 90_000);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function form(fields: Record<string, string>) {
  return { method: "POST", body: new URLSearchParams(fields), redirect: "manual" as const };
}

const validSetup = {
  intent: "setup",
  communityName: "Harbour Owners",
  email: "first-admin@harbour.test",
  username: "harbourmaster",
  password: "tide-charts-and-lanterns-42",
  categories: "Boats\nMoorings\r\n  Winter storage  \n\nBoats and more",
};

describe("while the server starts", () => {
  it("shows browsers a small page that says so and comes back by itself", () => {
    expect(starting.page!.status).toBe(503);
    expect(starting.page!.headers.get("content-type")).toMatch(/text\/html/);
    expect(starting.page!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(starting.pageBody).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(starting.pageBody).toContain("The forum is starting");
    expect(starting.pageBody).toMatch(/<html lang="en">/);
    expect(starting.pageBody).not.toMatch(/<script|<link|src=/);
  });

  it("keeps /healthz's JSON and gives the API a JSON 503", () => {
    expect(starting.health!.status).toBe(503);
    expect(starting.healthBody).toEqual({ status: "starting", db: "down", search: "down", realtime: "down" });
    expect(starting.api!.status).toBe(503);
    expect(starting.api!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(starting.apiBody).toEqual({ error: { code: "starting", message: expect.stringContaining("starting") } });
  });

  it("says in the terminal what it is doing, when it is ready, and how to set up", () => {
    expect(output).toContain("starting: applying database migrations");
    expect(output).toMatch(/ready: open http:\/\/localhost:\d+/);
    expect(output).toMatch(/On this machine, open http:\/\/localhost:\d+\/setup/);
    expect(output).toMatch(/\/setup\?code=[\w-]{20,}/);
  });
});

describe("first-run setup", () => {
  const code = () => /\/setup\?code=([\w-]+)/.exec(output)![1];

  it("says on every page that the forum is not set up, with a link to /setup", async () => {
    for (const url of ["/", "/questions", "/login"]) {
      const html = await (await fetch(local + url)).text();
      expect(html).toContain("This forum is not set up yet");
      expect(html).toContain('href="/setup"');
    }
  });

  it("refuses a connection from elsewhere without the code, or with a wrong one, and says where the code is", async () => {
    for (const url of ["/setup", "/setup?code=not-the-code"]) {
      const res = await fetch(remote + url);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/\/setup\?code=… address that npm start printed/);
    }
    const posted = await fetch(`${remote}/setup`, form({ ...validSetup, code: "not-the-code" }));
    expect(posted.status).toBe(403);
    const html = await (await fetch(local)).text();
    expect(html).toContain("This forum is not set up yet");
  });

  it("opens from elsewhere with the printed code, and on the machine itself without one", async () => {
    const withCode = await fetch(`${remote}/setup?code=${code()}`);
    expect(withCode.status).toBe(200);
    const html = await withCode.text();
    expect(html).toContain(`name="code" value="${code()}"`);
    const here = await (await fetch(`${local}/setup`)).text();
    expect(here).toContain("Set up your community");
    // The form starts from sensible defaults, editable.
    expect(here).toMatch(/<textarea[^>]*name="categories"[^>]*>Getting started\nTroubleshooting\nIdeas<\/textarea>/);
  });

  it("answers bad input with 400 and messages beside the fields, keeping what was typed but never the password", async () => {
    const res = await fetch(
      `${local}/setup`,
      form({ intent: "setup", communityName: "H", email: "typed@harbour.test", username: "x y", password: "short-pass-word", categories: "Boats\nboats\n \n" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Community names have at least 2 characters.");
    expect(html).toContain("“boats” is listed twice.");
    expect(html).toContain('value="typed@harbour.test"');
    expect(html).not.toContain("short-pass-word");
    expect(html).toContain("This forum is not set up yet");
  });

  it("creates the admin, the name and the categories once, signs the admin in, and refuses a racing second setup", async () => {
    const [first, second] = await Promise.all([
      fetch(`${local}/setup`, form(validSetup)),
      fetch(`${remote}/setup`, form({ ...validSetup, email: "rival@harbour.test", username: "rival", code: code() })),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(302);
    expect([404, 409]).toContain(statuses[1]);
    const winner = first.status === 302 ? first : second;
    expect(winner.headers.get("location")).toBe("/");
    const cookie = winner.headers.get("set-cookie")!.split(";")[0];

    const me = (await (await fetch(`${local}/api/v1/me`, { headers: { cookie } })).json()) as { user: { username: string; role: string } };
    expect(me.user.role).toBe("admin");
    expect(["harbourmaster", "rival"]).toContain(me.user.username);

    const { categories } = (await (await fetch(`${local}/api/v1/categories`)).json()) as { categories: { slug: string; name: string }[] };
    expect(categories.map((c) => c.name)).toEqual(["Boats", "Moorings", "Winter storage", "Boats and more"]);
    expect(categories.map((c) => c.slug)).toEqual(["boats", "moorings", "winter-storage", "boats-and-more"]);

    const home = await (await fetch(local, { headers: { cookie } })).text();
    expect(home).toContain("<title>Harbour Owners</title>");
    expect(home).toContain("Harbour Owners</span>");
    expect(home).not.toContain("This forum is not set up yet");
  });

  it("is gone once an admin exists, for everyone, code or not", async () => {
    expect((await fetch(`${local}/setup`)).status).toBe(404);
    expect((await fetch(`${remote}/setup?code=${code()}`)).status).toBe(404);
    expect((await fetch(`${local}/setup`, form({ ...validSetup, email: "late@harbour.test", username: "late" }))).status).toBe(404);
  });
});
