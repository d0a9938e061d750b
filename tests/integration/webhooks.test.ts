import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { emitWebhook } from "~/domain/webhooks/emitting.server";
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, setEndpointActive, type WebhookEvent } from "~/domain/webhooks/endpoints.server";
import { signPayload, verifySignature, WEBHOOK_USER_AGENT } from "~/domain/webhooks/signing.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { ApiClient, signedInClient } from "../support/http";
import { rowsOf, useTestDatabase } from "../support/db";

// The test's receiver listens on loopback, which webhooks refuse unless an operator allows it.
useTestDatabase({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });

// ---------------------------------------------------------------------------
// A real receiver on 127.0.0.1: it records what arrives and answers `answer`.

interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let received: Received[] = [];
let answer = 200;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (body += chunk));
  req.on("end", () => {
    received.push({ path: req.url ?? "", method: req.method ?? "", headers: req.headers, body });
    res.statusCode = answer;
    res.end(answer >= 200 && answer < 300 ? "ok" : "receiver says no");
  });
});
let base = "";

let n = 0;
async function member(prefix: string, role: "customer" | "staff" = "customer"): Promise<Actor> {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password: "a-long-password-1" }, { role });
  return toActor(user);
}

let staff: Actor;
let customer: Actor;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  staff = await member("wh_staff", "staff");
  customer = await member("wh_customer");
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  received = [];
  answer = 200;
});

// Each test starts with no active endpoint, so one test's events never reach another's receiver.
afterEach(async () => {
  await db().update(webhookEndpoints).set({ active: false });
});

async function emit(event: WebhookEvent, payload: Record<string, unknown>) {
  return db().transaction((tx) => emitWebhook(tx, event, payload));
}

async function delivery(id: string) {
  const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

async function jobFor(deliveryId: string) {
  const rows = rowsOf<{ state: string; retry_count: number; due_later: boolean }>(
    await db().execute(
      sql`select state::text as state, retry_count, start_after > now() as due_later from pgboss.job where name = 'webhooks.deliver' and data->>'deliveryId' = ${deliveryId}`
    )
  );
  return rows[0];
}

/** What the retry backoff waits for, without the wait: the job becomes due now. */
async function makeRetryDue(deliveryId: string) {
  await db().execute(
    sql`update pgboss.job set start_after = now() - interval '1 second' where name = 'webhooks.deliver' and data->>'deliveryId' = ${deliveryId} and state = 'retry'`
  );
}

function header(r: Received, name: string) {
  const v = r.headers[name];
  return Array.isArray(v) ? v.join(",") : v ?? "";
}

describe("managing endpoints", () => {
  it("creates an endpoint with a whsec_ secret shown once; lists never show it", async () => {
    const created = await createEndpoint(staff, {
      url: `${base}/hooks/a`,
      events: ["question.solved", "question.escalated", "question.solved"],
    });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // Deduplicated, in the canonical order.
    expect(created.events).toEqual(["question.escalated", "question.solved"]);
    expect(created).toMatchObject({ url: `${base}/hooks/a`, active: true, secretHint: created.secret.slice(-4) });

    const list = await listEndpoints(staff);
    const mine = list.find((e) => e.id === created.id);
    expect(mine).toEqual({
      id: created.id,
      url: created.url,
      events: created.events,
      active: true,
      secretHint: created.secret.slice(-4),
      createdAt: created.createdAt,
    });
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(mine).not.toHaveProperty("secret");
  });

  it("refuses URLs that are not http(s) and empty or unknown event lists", async () => {
    const fieldsOf = async (input: unknown) => {
      const err = await createEndpoint(staff, input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      return Object.keys((err as ValidationError).fields).sort();
    };
    expect(await fieldsOf({ url: "ftp://example.com/x", events: ["question.solved"] })).toEqual(["url"]);
    expect(await fieldsOf({ url: "not a url", events: ["question.solved"] })).toEqual(["url"]);
    expect(await fieldsOf({ url: "javascript:alert(1)", events: ["question.solved"] })).toEqual(["url"]);
    expect(await fieldsOf({ url: "https://example.com/x", events: [] })).toEqual(["events"]);
    expect(await fieldsOf({ url: "https://example.com/x", events: ["question.deleted"] })).toEqual(["events.0"]);
    expect(await fieldsOf({})).toEqual(["events", "url"]);
  });

  it("pauses and resumes an endpoint; unknown ids are 404", async () => {
    const created = await createEndpoint(staff, { url: `${base}/hooks/b`, events: ["question.assigned"] });
    expect((await setEndpointActive(staff, created.id, false)).active).toBe(false);
    expect((await setEndpointActive(staff, created.id, true)).active).toBe(true);
    await expect(setEndpointActive(staff, created.id, "yes")).rejects.toBeInstanceOf(ValidationError);
    await expect(setEndpointActive(staff, "nope", false)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listDeliveries(staff, "nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteEndpoint(staff, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes an endpoint without deliveries and only deactivates one with a delivery log", async () => {
    const unused = await createEndpoint(staff, { url: `${base}/hooks/unused`, events: ["question.assigned"] });
    expect(await deleteEndpoint(staff, unused.id)).toEqual({ deleted: true, endpoint: null });
    expect((await listEndpoints(staff)).some((e) => e.id === unused.id)).toBe(false);

    const used = await createEndpoint(staff, { url: `${base}/hooks/used`, events: ["question.assigned"] });
    await emit("question.assigned", { questionId: "q1" });
    await runQueuedJobs("webhooks.deliver");
    const result = await deleteEndpoint(staff, used.id);
    expect(result.deleted).toBe(false);
    expect(result.endpoint).toMatchObject({ id: used.id, active: false });
    expect(await listDeliveries(staff, used.id)).toHaveLength(1);
  });

  it("refuses customers every management function, and anonymous callers too", async () => {
    const created = await createEndpoint(staff, { url: `${base}/hooks/c`, events: ["question.solved"] });
    const calls = (actor: Actor | null) => [
      () => createEndpoint(actor, { url: `${base}/hooks/x`, events: ["question.solved"] }),
      () => listEndpoints(actor),
      () => setEndpointActive(actor, created.id, false),
      () => deleteEndpoint(actor, created.id),
      () => listDeliveries(actor, created.id),
    ];
    for (const call of calls(customer)) await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    for (const call of calls(null)) await expect(call()).rejects.toBeInstanceOf(UnauthenticatedError);
    // Nothing changed.
    expect((await listEndpoints(staff)).find((e) => e.id === created.id)?.active).toBe(true);
  });
});

describe("delivering", () => {
  it("POSTs the signed JSON body, and the signature verifies (a tampered body does not)", async () => {
    const endpoint = await createEndpoint(staff, { url: `${base}/hooks/signed`, events: ["question.escalated"] });
    const [deliveryId, ...more] = await emit("question.escalated", { questionId: "q42", state: "escalated" });
    expect(more).toEqual([]);
    expect(received).toHaveLength(0); // nothing is sent before the job runs

    expect(await runQueuedJobs("webhooks.deliver")).toBeGreaterThanOrEqual(1);
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/hooks/signed");
    expect(header(req, "content-type")).toBe("application/json");
    expect(header(req, "user-agent")).toBe(WEBHOOK_USER_AGENT);
    expect(header(req, "x-forum-event")).toBe("question.escalated");
    expect(header(req, "x-forum-delivery")).toBe(deliveryId);
    const timestamp = header(req, "x-forum-timestamp");
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const signature = header(req, "x-forum-signature");
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    const body = JSON.parse(req.body);
    expect(body).toEqual({
      id: deliveryId,
      event: "question.escalated",
      createdAt: expect.any(String),
      data: { questionId: "q42", state: "escalated" },
    });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);

    expect(verifySignature(endpoint.secret, timestamp, req.body, signature)).toBe(true);
    expect(signature).toBe(signPayload(endpoint.secret, timestamp, req.body));
    // Tampering with anything signed, or the wrong secret, fails.
    expect(verifySignature(endpoint.secret, timestamp, req.body.replace("q42", "q43"), signature)).toBe(false);
    expect(verifySignature(endpoint.secret, Number(timestamp) + 1, req.body, signature)).toBe(false);
    expect(verifySignature(`whsec_${"1".repeat(64)}`, timestamp, req.body, signature)).toBe(false);
    expect(verifySignature(endpoint.secret, timestamp, req.body, "sha256=nothex")).toBe(false);
    expect(verifySignature(endpoint.secret, timestamp, req.body, undefined)).toBe(false);
    // A captured request replayed ten minutes later is refused.
    expect(verifySignature(endpoint.secret, timestamp, req.body, signature, { now: Date.now() + 600_000 })).toBe(false);
    // Several signatures (e.g. while rotating) are accepted when one matches.
    expect(verifySignature(endpoint.secret, timestamp, req.body, `sha256=${"0".repeat(64)}, ${signature}`)).toBe(true);

    const row = await delivery(deliveryId);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, endpointId: endpoint.id });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const [listed] = await listDeliveries(staff, endpoint.id);
    expect(listed).toMatchObject({ id: deliveryId, status: "delivered", attempts: 1, lastStatusCode: 200 });
  });

  it("leaves a delivery pending after a 500 and delivers it on the retry pg-boss schedules", async () => {
    const endpoint = await createEndpoint(staff, { url: `${base}/hooks/flaky`, events: ["question.solved"] });
    answer = 500;
    const [deliveryId] = await emit("question.solved", { questionId: "q7" });

    await expect(runQueuedJobs("webhooks.deliver")).rejects.toThrow(/attempt 1 failed: HTTP 500/);
    expect(received).toHaveLength(1);
    expect(await delivery(deliveryId)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      // Only the status: what an internal service answers never reaches the delivery log (SSRF hardening).
      lastError: "HTTP 500",
    });
    // pg-boss holds it for a retry, later (backoff), not now. (retry_count counts retries started.)
    expect(await jobFor(deliveryId)).toEqual({ state: "retry", retry_count: 0, due_later: true });
    expect(await runQueuedJobs("webhooks.deliver")).toBe(0);
    expect(received).toHaveLength(1);

    // Time passes (the backoff), and the receiver is back.
    answer = 200;
    await makeRetryDue(deliveryId);
    expect(await runQueuedJobs("webhooks.deliver")).toBe(1);
    expect(received).toHaveLength(2);
    // Same delivery, same body; a fresh timestamp and signature.
    expect(header(received[1], "x-forum-delivery")).toBe(deliveryId);
    expect(received[1].body).toBe(received[0].body);
    expect(
      verifySignature(endpoint.secret, header(received[1], "x-forum-timestamp"), received[1].body, header(received[1], "x-forum-signature"))
    ).toBe(true);
    const row = await delivery(deliveryId);
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200, lastError: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    expect(await jobFor(deliveryId)).toMatchObject({ state: "completed", retry_count: 1 });
  });

  it("marks a delivery failed, without throwing, when its last attempt fails", async () => {
    await createEndpoint(staff, { url: `${base}/hooks/down`, events: ["question.solved"] });
    answer = 503;
    const [deliveryId] = await emit("question.solved", { questionId: "q8" });
    // As if eight attempts had already failed.
    await db().update(webhookDeliveries).set({ attempts: 8 }).where(eq(webhookDeliveries.id, deliveryId));
    expect(await runQueuedJobs("webhooks.deliver")).toBe(1);
    expect(await delivery(deliveryId)).toMatchObject({ status: "failed", attempts: 9, lastStatusCode: 503, deliveredAt: null });
    expect((await jobFor(deliveryId)).state).toBe("completed");
  });

  it("records a connection error with no status code", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await createEndpoint(staff, { url: `http://127.0.0.1:${port}/nobody`, events: ["question.assigned"] });
    const [deliveryId] = await emit("question.assigned", { questionId: "q9" });
    await expect(runQueuedJobs("webhooks.deliver")).rejects.toThrow(/attempt 1 failed/);
    const row = await delivery(deliveryId);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(row.lastError).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("sends nothing to endpoints subscribed to other events or inactive ones", async () => {
    const other = await createEndpoint(staff, { url: `${base}/hooks/other`, events: ["question.assigned", "question.solved"] });
    const paused = await createEndpoint(staff, { url: `${base}/hooks/paused`, events: ["question.escalated"] });
    await setEndpointActive(staff, paused.id, false);
    const wanted = await createEndpoint(staff, { url: `${base}/hooks/wanted`, events: ["question.escalated"] });

    const ids = await emit("question.escalated", { questionId: "q10" });
    expect(ids).toHaveLength(1);
    await runQueuedJobs("webhooks.deliver");
    expect(received.map((r) => r.path)).toEqual(["/hooks/wanted"]);
    expect(await listDeliveries(staff, other.id)).toEqual([]);
    expect(await listDeliveries(staff, paused.id)).toEqual([]);
    expect(await listDeliveries(staff, wanted.id)).toHaveLength(1);
  });

  it("fails a queued delivery whose endpoint was deactivated before it ran", async () => {
    const endpoint = await createEndpoint(staff, { url: `${base}/hooks/late`, events: ["question.solved"] });
    const [deliveryId] = await emit("question.solved", { questionId: "q11" });
    await setEndpointActive(staff, endpoint.id, false);
    await runQueuedJobs("webhooks.deliver");
    expect(received).toHaveLength(0);
    const row = await delivery(deliveryId);
    expect(row).toMatchObject({ status: "failed", attempts: 0 });
    expect(row.lastError).toMatch(/deactivated/);
  });

  it("writes no delivery and no job when the emitting transaction rolls back", async () => {
    await createEndpoint(staff, { url: `${base}/hooks/rollback`, events: ["question.solved"] });
    const jobs = async () =>
      rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from pgboss.job where name = 'webhooks.deliver'`))[0].n;
    const deliveries = async () => (await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries)).length;
    const [jobsBefore, deliveriesBefore] = [await jobs(), await deliveries()];
    await expect(
      db().transaction(async (tx) => {
        const ids = await emitWebhook(tx, "question.solved", { questionId: "q12" });
        expect(ids).toHaveLength(1);
        throw new Error("the change failed");
      })
    ).rejects.toThrow("the change failed");
    expect(await jobs()).toBe(jobsBefore);
    expect(await deliveries()).toBe(deliveriesBefore);
    await runQueuedJobs("webhooks.deliver");
    expect(received).toHaveLength(0);
  });

  it("lists an endpoint's deliveries newest first, with a limit", async () => {
    const endpoint = await createEndpoint(staff, { url: `${base}/hooks/log`, events: ["question.assigned"] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(...(await emit("question.assigned", { questionId: `q-log-${i}` })));
      // Distinct creation times.
      await new Promise((r) => setTimeout(r, 5));
    }
    await runQueuedJobs("webhooks.deliver");
    const all = await listDeliveries(staff, endpoint.id);
    expect(all.map((d) => d.id)).toEqual([...ids].reverse());
    expect(all.every((d) => d.status === "delivered")).toBe(true);
    expect((await listDeliveries(staff, endpoint.id, { limit: 2 })).map((d) => d.id)).toEqual([ids[2], ids[1]]);
    await expect(listDeliveries(staff, endpoint.id, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("the JSON API", () => {
  async function adminClient() {
    const { admin } = inject("env");
    const client = new ApiClient();
    const res = await client.post("/api/v1/auth/login", { login: admin.email, password: admin.password });
    expect(res.status).toBe(200);
    return client;
  }

  it("lets staff create (201 with the secret), list, pause and read deliveries; hides the secret afterwards", async () => {
    const client = await adminClient();
    const bad = await client.post("/api/v1/webhooks", { url: "ftp://example.com", events: [] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body().error.fields ?? {}).sort()).toEqual(["events", "url"]);

    const created = await client.post("/api/v1/webhooks", { url: "https://receiver.example.test/hook", events: ["question.escalated"] });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { endpoint } = created.body<{ endpoint: { id: string; secret: string; secretHint: string; active: boolean } }>();
    expect(endpoint.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(endpoint.secretHint).toBe(endpoint.secret.slice(-4));

    const list = await client.get("/api/v1/webhooks");
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(endpoint.secret);
    expect(list.body<{ endpoints: { id: string }[] }>().endpoints.map((e) => e.id)).toContain(endpoint.id);

    const paused = await client.patch(`/api/v1/webhooks/${endpoint.id}`, { active: false });
    expect(paused.status).toBe(200);
    expect(paused.body<{ endpoint: { active: boolean } }>().endpoint.active).toBe(false);
    expect((await client.patch(`/api/v1/webhooks/${endpoint.id}`, { active: "no" })).status).toBe(400);
    expect((await client.patch("/api/v1/webhooks/missing", { active: true })).status).toBe(404);

    const deliveries = await client.get(`/api/v1/webhooks/${endpoint.id}/deliveries?limit=5`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.json).toEqual({ deliveries: [] });
    expect((await client.get(`/api/v1/webhooks/${endpoint.id}/deliveries?limit=0`)).status).toBe(400);

    const removed = await client.delete(`/api/v1/webhooks/${endpoint.id}`);
    expect(removed.status).toBe(200);
    expect(removed.json).toEqual({ deleted: true, endpoint: null });
    expect((await client.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).status).toBe(404);
  });

  it("answers 401 to anonymous callers and 403 to customers", async () => {
    const anonymous = new ApiClient();
    expect((await anonymous.get("/api/v1/webhooks")).status).toBe(401);
    expect((await anonymous.post("/api/v1/webhooks", { url: "https://x.example.test", events: ["question.solved"] })).status).toBe(401);
    expect((await anonymous.patch("/api/v1/webhooks/any", { active: false })).status).toBe(401);
    expect((await anonymous.delete("/api/v1/webhooks/any")).status).toBe(401);
    expect((await anonymous.get("/api/v1/webhooks/any/deliveries")).status).toBe(401);

    const { client } = await signedInClient("wh_api");
    expect((await client.get("/api/v1/webhooks")).status).toBe(403);
    expect((await client.post("/api/v1/webhooks", { url: "https://x.example.test", events: ["question.solved"] })).status).toBe(403);
    expect((await client.patch("/api/v1/webhooks/any", { active: false })).status).toBe(403);
    expect((await client.delete("/api/v1/webhooks/any")).status).toBe(403);
    expect((await client.get("/api/v1/webhooks/any/deliveries")).status).toBe(403);
  });

  it("answers a wrong method with 405", async () => {
    const client = await adminClient();
    expect((await client.request("PUT", "/api/v1/webhooks", {})).status).toBe(405);
    expect((await client.get("/api/v1/webhooks/any")).status).toBe(405);
    expect((await client.post("/api/v1/webhooks/any/deliveries", {})).status).toBe(405);
  });
});

describe("the staff page /admin/webhooks", () => {
  it("creates an endpoint with a plain form post, shows its secret once, and pauses it", async () => {
    const { admin, baseUrl } = inject("env");
    const login = new ApiClient();
    expect((await login.post("/api/v1/auth/login", { login: admin.email, password: admin.password })).status).toBe(200);
    const cookie = login.cookie ?? "";
    const post = (fields: [string, string][]) =>
      fetch(`${baseUrl}/admin/webhooks`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      });

    const page = await fetch(`${baseUrl}/admin/webhooks`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("New endpoint");

    const invalid = await post([
      ["intent", "create"],
      ["url", "ftp://nope.example.test"],
    ]);
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain("Use an http:// or https:// URL.");
    expect(invalidHtml).toContain("Choose at least one event.");

    const url = `https://page-${Date.now()}.example.test/hook`;
    const created = await post([
      ["intent", "create"],
      ["url", url],
      ["events", "question.solved"],
      ["events", "question.assigned"],
    ]);
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = /whsec_[0-9a-f]{64}/.exec(await created.text())?.[0];
    expect(secret).toBeTruthy();

    const again = await (await fetch(`${baseUrl}/admin/webhooks`, { headers: { Cookie: cookie } })).text();
    expect(again).toContain(url);
    expect(again).not.toContain(secret);
    // React puts a comment between adjacent text nodes.
    expect(again).toMatch(new RegExp(`ending …(<!-- -->)?${secret!.slice(-4)}`));

    const api = await login.get("/api/v1/webhooks");
    const id = api.body<{ endpoints: { id: string; url: string }[] }>().endpoints.find((e) => e.url === url)?.id ?? "";
    const paused = await post([
      ["intent", "deactivate"],
      ["id", id],
    ]);
    expect(paused.status).toBe(200);
    expect(await paused.text()).toContain("is paused");
    expect(api.status).toBe(200);

    const { client } = await signedInClient("wh_page");
    expect((await fetch(`${baseUrl}/admin/webhooks`, { headers: { Cookie: client.cookie ?? "" } })).status).toBe(403);
  });
});
