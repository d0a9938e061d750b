/**
 * The mail outbox over HTTP, on the embedded default (no SMTP_URL): admins
 * send a test message, see it in the list once the job delivered it to the
 * outbox folder, and read it back as its recipient would; nobody else may.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";

let admin: ApiClient;
let staff: Awaited<ReturnType<typeof signedInClient>>;

interface OutboxBody {
  messages: { id: string; to: string; template: string; status: string; subject: string | null; readable: boolean; sentAt: string | null }[];
  nextCursor: string | null;
  transport: "smtp" | "files";
}

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  const env = inject("env");
  admin = new ApiClient();
  await admin.post("/api/v1/auth/login", { login: env.admin.username, password: env.admin.password });
  staff = await signedInClient("mo_staff");
  expect((await admin.patch(`/api/v1/users/${staff.account.username}/role`, { role: "staff" })).status).toBe(200);
});

describe("the mail outbox", () => {
  it("queues an admin's test message, delivers it to the outbox folder, and shows it whole", async () => {
    const to = `outbox-${Date.now()}@example.test`;
    const sent = await admin.post("/api/v1/mail/send-test", { to });
    expect(sent.status).toBe(202);
    const { id } = sent.body<{ id: string; to: string }>();

    const listed = await until(async () => {
      const body = (await admin.get(`/api/v1/mail?to=${encodeURIComponent(to)}`)).body<OutboxBody>();
      return body.messages.find((m) => m.id === id && m.status === "sent");
    }, "the test message to be sent");
    expect(listed).toMatchObject({ to, template: "test", subject: "Mail from your community works", readable: true, sentAt: expect.stringMatching(/^\d{4}-/) });
    expect((await admin.get(`/api/v1/mail?to=${encodeURIComponent(to)}`)).body<OutboxBody>().transport).toBe("files");

    const one = await admin.get(`/api/v1/mail/${id}`);
    expect(one.status).toBe(200);
    const { content } = one.body<{ content: { text: string; html: string | null; from: string | null } }>();
    expect(content.text).toContain("sent this from the mail outbox");
    expect(content.html).toContain("<!doctype html>");

    const page = await admin.get(`/admin/mail/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("sent this from the mail outbox");
  });

  it("filters by kind and status, and names a wrong filter in a 400", async () => {
    const tests = (await admin.get("/api/v1/mail?template=test&status=sent")).body<OutboxBody>();
    expect(tests.messages.length).toBeGreaterThan(0);
    expect(tests.messages.every((m) => m.template === "test" && m.status === "sent")).toBe(true);
    const bad = await admin.get("/api/v1/mail?status=lost");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body<ApiErrorBody>().error.fields ?? {})).toEqual(["status"]);
    const badTo = await admin.post("/api/v1/mail/send-test", { to: "not an address" });
    expect(badTo.status).toBe(400);
    expect(badTo.body<ApiErrorBody>().error.fields).toEqual({ to: ["Enter a valid email address."] });
    expect((await admin.get("/api/v1/mail/nope")).status).toBe(404);
  });

  it("is for admins only: 401 signed out, 403 for staff, on the API and the pages", async () => {
    expect((await new ApiClient().get("/api/v1/mail")).status).toBe(401);
    expect((await staff.client.get("/api/v1/mail")).status).toBe(403);
    expect((await staff.client.post("/api/v1/mail/send-test", { to: "x@example.test" })).status).toBe(403);
    expect((await staff.client.get("/admin/mail")).status).toBe(403);
    expect((await admin.get("/admin/mail")).status).toBe(200);
  });
});
