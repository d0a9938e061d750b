import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient } from "../support/http";

interface QuestionBody {
  question: { id: string; title: string; url: string; solved: boolean; acceptedAnswerId: string | null; score: number; tags: string[]; status: string };
  answers: { id: string; accepted: boolean; score: number; author: { username: string; role: string; reputation: number } }[];
}
interface ListBody {
  questions: { id: string; title: string; author: { username: string }; category: { slug: string }; tags: string[]; answerCount: number; score: number; solved: boolean; createdAt: string; lastActivityAt: string; url: string }[];
  nextCursor: string | null;
}

let staff: ApiClient;
const category = `api-${Date.now().toString(36)}`;

beforeAll(async () => {
  const { admin } = inject("env");
  staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  const res = await staff.post("/api/v1/categories", { name: `API tests ${category}`, slug: category, description: "Made by the API tests" });
  expect(res.status).toBe(201);
});

describe("the questions API", () => {
  it("lists categories for anyone and lets only staff create them", async () => {
    const res = await new ApiClient().get("/api/v1/categories");
    expect(res.status).toBe(200);
    const { categories } = res.body<{ categories: { slug: string; name: string; description: string; id: string }[] }>();
    expect(categories.find((c) => c.slug === category)).toMatchObject({ description: "Made by the API tests" });
    const { client } = await signedInClient("cat");
    expect((await client.post("/api/v1/categories", { name: "Not allowed" })).status).toBe(403);
    expect((await new ApiClient().post("/api/v1/categories", { name: "Not allowed" })).status).toBe(401);
  });

  it("asks, answers, votes, accepts and un-accepts, as the contract says", async () => {
    const { client: asker } = await signedInClient("asker");
    const { client: helper, account: helperAccount } = await signedInClient("helper");

    const asked = await asker.post("/api/v1/questions", { title: "Pulse speaker drops off the group at night", body: "Every night after the router restarts my Pulse leaves the group.", category, tags: ["Pulse", "wifi"] });
    expect(asked.status).toBe(201);
    const { question } = asked.body<QuestionBody>();
    expect(question).toMatchObject({ title: "Pulse speaker drops off the group at night", solved: false, tags: ["pulse", "wifi"], url: `/q/${question.id}` });

    const bad = await asker.post("/api/v1/questions", { title: "short", body: "", category: "nope", tags: ["a", "b", "c", "d", "e", "f"] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body().error.fields ?? {}).sort()).toEqual(["body", "tags", "title"]);

    const answered = await helper.post(`/api/v1/questions/${question.id}/answers`, { body: "Give each Pulse a DHCP reservation on the router." });
    expect(answered.status).toBe(201);
    const { answer } = answered.body<{ answer: { id: string; url: string } }>();
    expect((await helper.post(`/api/v1/questions/${question.id}/answers`, { body: "" })).status).toBe(400);

    expect((await helper.request("PUT", "/api/v1/votes", { target: "answer", id: answer.id, value: 1 })).status).toBe(403);
    const voted = await asker.request("PUT", "/api/v1/votes", { target: "answer", id: answer.id, value: 1 });
    expect(voted.status).toBe(200);
    expect(voted.json).toMatchObject({ score: 1 });
    expect((await asker.request("PUT", "/api/v1/votes", { target: "answer", id: answer.id, value: 5 })).status).toBe(400);
    expect((await asker.request("PUT", "/api/v1/votes", { target: "answer", id: "missing", value: 1 })).status).toBe(404);

    expect((await helper.post(`/api/v1/answers/${answer.id}/accept`)).status).toBe(403);
    const accepted = await asker.post(`/api/v1/answers/${answer.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body<QuestionBody>().question).toMatchObject({ solved: true, acceptedAnswerId: answer.id, status: "solved" });

    const page = await new ApiClient().get(`/api/v1/questions/${question.id}`);
    expect(page.status).toBe(200);
    const body = page.body<QuestionBody>();
    expect(body.answers[0]).toMatchObject({ id: answer.id, accepted: true, score: 1, author: { username: helperAccount.username, role: "customer" } });

    const listed = await new ApiClient().get(`/api/v1/questions?category=${category}&filter=solved`);
    expect(listed.body<ListBody>().questions.map((q) => q.id)).toContain(question.id);

    const unaccepted = await asker.delete(`/api/v1/answers/${answer.id}/accept`);
    expect(unaccepted.status).toBe(200);
    expect(unaccepted.body<QuestionBody>().question.solved).toBe(false);

    const notes = await asker.get("/api/v1/notifications");
    expect(notes.status).toBe(200);
    // Badge notifications (Curious, Supporter) arrive from the badge job on their own schedule; the answer's is the one this flow makes.
    const list = notes.body<{ unread: number; notifications: { kind: string; read: boolean }[] }>();
    expect(list.notifications.filter((n) => n.kind !== "badge")).toEqual([expect.objectContaining({ kind: "answer", read: false })]);
    expect(list.unread).toBe(list.notifications.filter((n) => !n.read).length);
  });

  it("edits with revisions kept, and soft-deletes for the author and staff only", async () => {
    const { client: asker } = await signedInClient("editor");
    const { client: stranger } = await signedInClient("stranger");
    const { question } = (await asker.post("/api/v1/questions", { title: "Arc soundbar lip-sync delay over HDMI", body: "Voices lag behind the picture on my TV.", category })).body<QuestionBody>();
    expect((await stranger.patch(`/api/v1/questions/${question.id}`, { title: "A stranger's edit to the title" })).status).toBe(403);
    const edited = await asker.patch(`/api/v1/questions/${question.id}`, { title: "Arc soundbar lip-sync delay over HDMI ARC" });
    expect(edited.status).toBe(200);
    expect(edited.body<QuestionBody>().question.title).toBe("Arc soundbar lip-sync delay over HDMI ARC");
    const revisions = await new ApiClient().get(`/api/v1/questions/${question.id}/revisions`);
    expect(revisions.body<{ revisions: { number: number; title: string }[] }>().revisions.map((r) => r.title)).toEqual([
      "Arc soundbar lip-sync delay over HDMI",
      "Arc soundbar lip-sync delay over HDMI ARC",
    ]);
    expect((await stranger.delete(`/api/v1/questions/${question.id}`)).status).toBe(403);
    expect((await asker.delete(`/api/v1/questions/${question.id}`)).status).toBe(204);
    expect((await new ApiClient().get(`/api/v1/questions/${question.id}`)).status).toBe(404);
    expect((await staff.get(`/api/v1/questions/${question.id}`)).status).toBe(200);
  });

  it("pages through the list with cursors and rejects a bad limit", async () => {
    const { client } = await signedInClient("pager");
    for (const title of ["First question for the pager test", "Second question for the pager test"]) {
      expect((await client.post("/api/v1/questions", { title, body: "Enough words to be a valid body here.", category })).status).toBe(201);
    }
    const first = await new ApiClient().get(`/api/v1/questions?limit=1`);
    expect(first.status).toBe(200);
    const page1 = first.body<ListBody>();
    expect(page1.questions).toHaveLength(1);
    expect(Object.keys(page1.questions[0]).sort()).toEqual(
      expect.arrayContaining(["id", "title", "author", "category", "tags", "answerCount", "score", "solved", "createdAt", "lastActivityAt", "url"]),
    );
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await new ApiClient().get(`/api/v1/questions?limit=1&cursor=${page1.nextCursor}`)).body<ListBody>();
    expect(page2.questions[0].id).not.toBe(page1.questions[0].id);
    expect((await new ApiClient().get(`/api/v1/questions?limit=500`)).status).toBe(400);
    expect((await new ApiClient().get(`/api/v1/questions?filter=weird`)).status).toBe(400);
  });
});
