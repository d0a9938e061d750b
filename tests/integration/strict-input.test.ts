/**
 * Wrong types are refused with a 400 naming the field, and change nothing:
 * before, `null`, `false`, `true` and `""` were coerced into numbers and
 * booleans that changed data (an SLA window of 0, a withdrawn vote, chat off,
 * a claimed question).
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type UserBody } from "../support/http";

let staff: ApiClient;
const category = `strict-${Date.now().toString(36)}`;

beforeAll(async () => {
  const { admin } = inject("env");
  staff = new ApiClient();
  expect((await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password })).status).toBe(200);
  expect((await staff.post("/api/v1/categories", { name: `Strict ${category}`, slug: category })).status).toBe(201);
});

const fieldsOf = (res: { body<T>(): T }) => Object.keys(res.body<{ error: { fields?: Record<string, string[]> } }>().error.fields ?? {});

describe("strict input", () => {
  it("refuses null, booleans and empty strings as SLA minutes", async () => {
    const good = { firstResponseMinutes: 60, advocateWindowMinutes: 30, resolutionMinutes: 1440, coverage: "always", timeZone: "UTC", businessStart: "09:00", businessEnd: "17:00" };
    expect((await staff.put(`/api/v1/sla-policies/${category}`, good)).status).toBe(200);
    for (const bad of [null, false, true, "soon", [30]]) {
      const res = await staff.put(`/api/v1/sla-policies/${category}`, { ...good, advocateWindowMinutes: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(fieldsOf(res)).toEqual(["advocateWindowMinutes"]);
    }
    const policies = await staff.get("/api/v1/sla-policies");
    const mine = policies.body<{ categories: { category: { slug: string }; own: boolean; policy: { advocateWindowMinutes: number } }[] }>().categories.find((c) => c.category.slug === category);
    expect(mine).toMatchObject({ own: true, policy: { advocateWindowMinutes: 30 } });
  });

  it("refuses a vote of null or an empty string instead of withdrawing it", async () => {
    const { client: asker } = await signedInClient("strict_asker");
    const { client: voter } = await signedInClient("strict_voter");
    const asked = await asker.post("/api/v1/questions", { title: "Arc speaker hums when the TV is off", body: "A low hum from the Arc whenever the TV goes to standby.", category });
    const { question } = asked.body<{ question: { id: string } }>();
    expect((await voter.put("/api/v1/votes", { target: "question", id: question.id, value: 1 })).json).toMatchObject({ score: 1 });
    for (const bad of [null, "", true, "1.5", 2]) {
      const res = await voter.put("/api/v1/votes", { target: "question", id: question.id, value: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(fieldsOf(res)).toEqual(["value"]);
    }
    const after = await new ApiClient().get(`/api/v1/questions/${question.id}`);
    expect(after.body<{ question: { score: number } }>().question.score).toBe(1);
  });

  it("refuses a chat switch that is not a boolean, leaving the chat as it was", async () => {
    const created = await staff.post("/api/v1/townhalls", { title: "Strict chat town hall", description: "Checking the chat switch takes booleans only.", startsAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(created.status).toBe(201);
    const { townhall } = created.body<{ townhall: { id: string; chatEnabled: boolean } }>();
    expect(townhall.chatEnabled).toBe(true);
    for (const bad of ["true", "false", 1, null]) {
      const res = await staff.put(`/api/v1/townhalls/${townhall.id}/chat`, { enabled: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(fieldsOf(res)).toEqual(["enabled"]);
    }
    expect((await staff.put(`/api/v1/townhalls/${townhall.id}/chat`, {})).status).toBe(400);
    const now = await new ApiClient().get(`/api/v1/townhalls/${townhall.id}`);
    expect(now.body<{ townhall: { chatEnabled: boolean } }>().townhall.chatEnabled).toBe(true);
    expect((await staff.put(`/api/v1/townhalls/${townhall.id}/chat`, { enabled: false })).body<{ townhall: { chatEnabled: boolean } }>().townhall.chatEnabled).toBe(false);
  });

  it("claims a question only for an empty body: any other body must name a staff member", async () => {
    const { client: asker } = await signedInClient("strict_escalator");
    const asked = await asker.post("/api/v1/questions", { title: "Pulse firmware update stuck at 40 percent", body: "The update stops at 40% every time I try it.", category });
    const { question } = asked.body<{ question: { id: string } }>();
    for (const bad of [{ user: "someone" }, { username: 7 }, [], "claim"]) {
      const res = await staff.post(`/api/v1/questions/${question.id}/assign`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const me = (await staff.get("/api/v1/me")).body<UserBody>().user;
    const queue = await staff.get("/api/v1/staff/queue");
    const item = queue.body<{ items: { question: { id: string }; assignee: { username: string } | null }[] }>().items.find((i) => i.question.id === question.id);
    expect(item?.assignee ?? null).toBeNull();
    const claimed = await staff.post(`/api/v1/questions/${question.id}/assign`, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body<{ support: { assignee: { username: string } } }>().support.assignee.username).toBe(me.username);
  });
});
