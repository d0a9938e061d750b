/** GET /api/v1/questions/:id?sort=: the solution stays first; the rest by votes or newest first; anything else is a 400. */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";

let questionId = "";
const ids: string[] = [];

beforeAll(async () => {
  const staff = new ApiClient();
  const { admin } = inject("env");
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  await staff.post("/api/v1/categories", { name: "Sort IT", slug: "sort-it" });
  const { client: asker } = await signedInClient("sort_asker");
  const asked = await asker.post("/api/v1/questions", { title: "Hub forgets its Wi-Fi after a power cut", body: "Every power cut the hub needs pairing again from scratch.", category: "sort-it" });
  questionId = asked.body<{ question: { id: string } }>().question.id;
  for (const text of ["First answer: reset the router and pair again.", "Second answer: update the hub firmware first.", "Third answer: give the hub a fixed address."]) {
    const { client } = await signedInClient("sort_helper");
    const res = await client.post(`/api/v1/questions/${questionId}/answers`, { body: text });
    ids.push(res.body<{ answer: { id: string } }>().answer.id);
  }
  // The first answer is the solution; the second gets a vote.
  await asker.post(`/api/v1/answers/${ids[0]}/accept`, {});
  await asker.put("/api/v1/votes", { target: "answer", id: ids[1], value: 1 });
});

describe("sorting a question's answers", () => {
  it("by votes by default, the solution pinned first", async () => {
    const res = await new ApiClient().get(`/api/v1/questions/${questionId}`);
    expect(res.body<{ sort: string }>().sort).toBe("votes");
    expect(res.body<{ answers: { id: string }[] }>().answers.map((a) => a.id)).toEqual([ids[0], ids[1], ids[2]]);
  });

  it("newest first, the solution still pinned first", async () => {
    const res = await new ApiClient().get(`/api/v1/questions/${questionId}?sort=newest`);
    expect(res.body<{ answers: { id: string }[] }>().answers.map((a) => a.id)).toEqual([ids[0], ids[2], ids[1]]);
  });

  it("refuses an unknown sort with a field message", async () => {
    const res = await new ApiClient().get(`/api/v1/questions/${questionId}?sort=oldest`);
    expect(res.status).toBe(400);
    expect(res.body<ApiErrorBody>().error.fields).toEqual({ sort: ["sort is votes or newest."] });
  });
});
