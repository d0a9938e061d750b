/** GET /api/v1/audit over HTTP: the contract's fields, CSV by Accept, admins only, field errors. */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";

let admin: ApiClient;
let staff: Awaited<ReturnType<typeof signedInClient>>;
let member: Awaited<ReturnType<typeof signedInClient>>;

interface AuditBody {
  entries: { id: string; actor: { id: string; username: string }; action: string; target: { type: string; id: string; label: string }; at: string; data: Record<string, unknown> }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  const env = inject("env");
  admin = new ApiClient();
  await admin.post("/api/v1/auth/login", { login: env.admin.username, password: env.admin.password });
  staff = await signedInClient("au_staff");
  member = await signedInClient("au_member");
  expect((await admin.patch(`/api/v1/users/${staff.account.username}/role`, { role: "staff" })).status).toBe(200);
  expect((await staff.client.post(`/api/v1/users/${member.account.username}/advocate`)).status).toBe(200);
});

describe("GET /api/v1/audit", () => {
  it("lists staff actions newest first with who, what, on what and when", async () => {
    const res = await admin.get(`/api/v1/audit?target=user:${member.user.id}`);
    expect(res.status).toBe(200);
    const body = res.body<AuditBody>();
    expect(body.nextCursor).toBeNull();
    expect(body.entries).toEqual([
      {
        id: expect.any(String),
        actor: { id: expect.any(String), username: staff.account.username },
        action: "advocate.promoted",
        target: { type: "user", id: member.user.id, label: member.account.username },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        data: {},
      },
    ]);
    const byActor = (await admin.get(`/api/v1/audit?actor=${inject("env").admin.username}&action=user.role_changed`)).body<AuditBody>();
    expect(byActor.entries.some((e) => e.target.label === staff.account.username && e.data.to === "staff")).toBe(true);
  });

  it("answers CSV to Accept: text/csv, with the same filters", async () => {
    const res = await admin.get(`/api/v1/audit?target=user:${member.user.id}`, { Accept: "text/csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = res.text.trim().split("\n");
    expect(rows[0]).toBe("at,actor,action,target_type,target_id,target,data");
    expect(rows.slice(1)).toEqual([expect.stringContaining(`,${staff.account.username},advocate.promoted,user,${member.user.id},${member.account.username},{}`)]);
  });

  it("is for admins: 401 signed out, 403 for staff and members; a wrong filter is a 400 naming it", async () => {
    expect((await new ApiClient().get("/api/v1/audit")).status).toBe(401);
    expect((await staff.client.get("/api/v1/audit")).status).toBe(403);
    expect((await member.client.get("/api/v1/audit", { Accept: "text/csv" })).status).toBe(403);
    const bad = await admin.get("/api/v1/audit?action=everything");
    expect(bad.status).toBe(400);
    expect(bad.body<ApiErrorBody>().error.fields).toEqual({ action: ["Choose an action from the list."] });
    expect((await admin.post("/api/v1/audit", {})).status).toBe(405);
  });

  it("is a page for admins, with a CSV download, and refused to staff", async () => {
    const page = await admin.get(`/admin/audit?target=user:${member.user.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Promoted to advocate");
    const csv = await admin.get(`/admin/audit.csv?target=user:${member.user.id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toContain("audit-log.csv");
    expect((await staff.client.get("/admin/audit")).status).toBe(403);
  });
});
