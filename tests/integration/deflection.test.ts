/**
 * Deflection figures tell staff how often search solved a problem before
 * anyone posted. They count only steps that carry the token a real
 * suggestion came with, once each: 100 forged "solved" posts move nothing.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient } from "../support/http";

interface Stats {
  drafts: Record<"shown" | "opened" | "solved" | "posted" | "abandoned", number>;
}
interface Similar {
  suggestions: { id: string; title: string }[];
  suggestionToken?: string;
}

let staff: ApiClient;
let questionId = "";
const tag = Date.now().toString(36);
const title = `Quartzite hub ${tag} forgets paired remotes after a power cut`;

const draft = () => `d${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`.slice(0, 40);

async function suggestionsFor(draftId: string) {
  const res = await new ApiClient().get(`/api/v1/search/similar?${new URLSearchParams({ title, draft: draftId })}`);
  expect(res.status).toBe(200);
  return res.body<Similar>();
}

beforeAll(async () => {
  const { admin } = inject("env");
  staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  const category = `deflect-${tag}`;
  expect((await staff.post("/api/v1/categories", { name: `Deflection ${tag}`, slug: category })).status).toBe(201);
  const { client } = await signedInClient("deflect");
  const asked = await client.post("/api/v1/questions", { title, body: "After every power cut the hub forgets all paired remotes and I pair them again.", category });
  questionId = asked.body<{ question: { id: string } }>().question.id;
  // Searchable within a couple of seconds (the outbox drains to Meilisearch).
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(await suggestionsFor(draft())).suggestions.some((s) => s.id === questionId)) await new Promise((r) => setTimeout(r, 250));
});

describe("deflection steps", () => {
  it("come with a token only when the suggestions are for a draft", async () => {
    const without = (await new ApiClient().get(`/api/v1/search/similar?${new URLSearchParams({ title })}`)).body<Similar>();
    expect(without.suggestionToken).toBeUndefined();
    const withDraft = await suggestionsFor(draft());
    expect(withDraft.suggestions.map((s) => s.id)).toContain(questionId);
    expect(withDraft.suggestionToken).toMatch(/^[0-9a-z]+\.[0-9a-z_,]*\.[\w-]+$/);
  });

  it("are refused without a token, with a forged one, or for another draft", async () => {
    const anonymous = new ApiClient();
    const draftId = draft();
    const { suggestionToken } = await suggestionsFor(draftId);
    const noToken = await anonymous.post("/api/v1/search/deflection", { draftId, kind: "solved", questionId });
    expect(noToken.status).toBe(400);
    expect(Object.keys(noToken.body().error.fields ?? {})).toEqual(["token"]);
    const [issued, ids] = suggestionToken!.split(".");
    for (const token of [`${issued}.${ids}.forged`, `${issued}.${ids},other.${suggestionToken!.split(".")[2]}`]) {
      expect((await anonymous.post("/api/v1/search/deflection", { draftId, kind: "solved", questionId, token })).status).toBe(400);
    }
    expect((await anonymous.post("/api/v1/search/deflection", { draftId: draft(), kind: "solved", questionId, token: suggestionToken })).status).toBe(400);
  });

  it("name only a question that was suggested", async () => {
    const draftId = draft();
    const { suggestionToken } = await suggestionsFor(draftId);
    const res = await new ApiClient().post("/api/v1/search/deflection", { draftId, kind: "solved", questionId: "notsuggested00", token: suggestionToken });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body().error.fields ?? {})).toEqual(["questionId"]);
  });

  it("count once, however often they are posted", async () => {
    const before = (await staff.get("/api/v1/search/deflection")).body<Stats>().drafts;
    const draftId = draft();
    const { suggestionToken } = await suggestionsFor(draftId);
    const visitor = new ApiClient();
    expect((await visitor.post("/api/v1/search/deflection", { draftId, kind: "shown", suggestionCount: 20, token: suggestionToken })).status).toBe(204);
    const posts = await Promise.all(
      Array.from({ length: 100 }, () => visitor.post("/api/v1/search/deflection", { draftId, kind: "solved", questionId, token: suggestionToken })),
    );
    expect(posts.filter((p) => p.status >= 500)).toEqual([]);
    const after = (await staff.get("/api/v1/search/deflection")).body<Stats>().drafts;
    expect(after.solved - before.solved).toBe(1);
    expect(after.shown - before.shown).toBe(1);
  });
});
