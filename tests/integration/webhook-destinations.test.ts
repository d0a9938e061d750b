import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { users, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { resetConfigForTests } from "~/config.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { ValidationError } from "~/domain/errors";
import { checkDestination, DestinationRefused, isPublicAddress, postToDestination } from "~/domain/webhooks/destination.server";
import { deliverWebhook } from "~/domain/webhooks/delivery.server";
import { createEndpoint } from "~/domain/webhooks/endpoints.server";
import { useTestDatabase } from "../support/db";
import { ApiClient } from "../support/http";

useTestDatabase();

let receiver: http.Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    received.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("internal secret: the admin password is hunter2");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  port = (receiver.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const internal = [
  "http://127.0.0.1/hook",
  "http://localhost/hook",
  "http://[::1]/hook",
  "http://0.0.0.0/hook",
  "http://2130706433/hook",
  "http://0x7f.0.0.1/hook",
  "http://017700000001/hook",
  "http://10.0.0.1/hook",
  "http://172.16.5.4/hook",
  "http://192.168.1.10/hook",
  "http://169.254.169.254/latest/meta-data",
  "http://100.64.0.1/hook",
  "http://224.0.0.1/hook",
  "http://[::ffff:127.0.0.1]/hook",
  "http://[fd00::1]/hook",
  "http://[fe80::1]/hook",
];

describe("webhook destinations", () => {
  it("refuses every loopback, private, link-local, multicast and unspecified form when an endpoint is saved", async () => {
    for (const url of internal) await expect(checkDestination(url), url).rejects.toBeInstanceOf(DestinationRefused);
  });

  it("accepts public addresses", async () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("2001:4860:4860::8888")).toBe(true);
    await expect(checkDestination("https://93.184.216.34/hook")).resolves.toBeUndefined();
  });

  it("refuses at delivery a name that resolves to loopback, and reads nothing from it", async () => {
    await expect(postToDestination(`http://localhost:${port}/by-name`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    await expect(postToDestination(`http://127.0.0.1:${port}/by-address`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    await expect(postToDestination(`http://2130706433:${port}/decimal`, {}, "{}", 2000)).rejects.toBeInstanceOf(DestinationRefused);
    expect(received).toEqual([]);
  });

  it("lets an operator allow a listed internal host, and then reports only the status", async () => {
    resetConfigForTests({ NODE_ENV: "test", WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}` });
    try {
      await expect(checkDestination(`http://127.0.0.1:${port}/ok`)).resolves.toBeUndefined();
      const result = await postToDestination(`http://127.0.0.1:${port}/ok`, { "content-type": "application/json" }, "{}", 2000);
      expect(result).toEqual({ status: 200 });
      expect(received).toEqual(["/ok"]);
      // Another port on the same host is not on the list.
      await expect(checkDestination("http://127.0.0.1:1/other")).rejects.toBeInstanceOf(DestinationRefused);
    } finally {
      resetConfigForTests({ NODE_ENV: "test" });
    }
  });
});

describe("webhook endpoints and deliveries", () => {
  it("refuses to save an internal receiver, naming the url field", async () => {
    const user = await signup({ email: "hooks-staff@example.test", username: "hooks_staff", password: "a-long-password-1" }, { role: "staff" });
    for (const url of internal) {
      const err = await createEndpoint(toActor(user), { url, events: ["question.escalated"] }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(ValidationError);
      expect(Object.keys((err as ValidationError).fields)).toEqual(["url"]);
    }
  });

  it("refuses at delivery an endpoint saved before the rule (or re-pointed by DNS), and logs only that", async () => {
    const [staff] = await db().select().from(users).where(eq(users.username, "hooks_staff"));
    const endpointId = newId();
    const deliveryId = newId();
    await db().insert(webhookEndpoints).values({ id: endpointId, url: `http://localhost:${port}/old`, secret: "whsec_x", events: ["question.escalated"], active: true, createdById: staff.id });
    await db().insert(webhookDeliveries).values({ id: deliveryId, endpointId, event: "question.escalated", payload: { id: deliveryId }, status: "pending" });
    await expect(deliverWebhook(deliveryId)).rejects.toThrow(/internal address/);
    const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    expect(row.lastStatusCode).toBeNull();
    expect(row.lastError).toMatch(/private, loopback or otherwise internal/);
    expect(row.lastError).not.toContain("hunter2");
    expect(received).not.toContain("/old");
  });

  it("answers 400 through the API for every internal form", async () => {
    const { admin } = inject("env");
    const client = new ApiClient();
    expect((await client.post("/api/v1/auth/login", { login: admin.username, password: admin.password })).status).toBe(200);
    for (const url of internal) {
      const res = await client.post("/api/v1/webhooks", { url, events: ["question.escalated"] });
      expect(res.status, url).toBe(400);
      expect(res.body().error.fields?.url?.[0]).toMatch(/internal address/);
    }
  });
});
