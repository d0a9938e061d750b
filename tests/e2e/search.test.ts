import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();

async function solvedQuestion() {
  const { admin } = inject("env");
  const staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  await staff.post("/api/v1/categories", { name: "Smart Home E2E", slug: "smart-home-e2e" });
  const { client: asker } = await signedInClient("deflect");
  const { client: helper } = await signedInClient("deflecthelper");
  const { question } = (
    await asker.post("/api/v1/questions", { title: "Nimbus Hub cannot join the 5 GHz wireless network", body: "Setup fails at the last step every time.", category: "smart-home-e2e" })
  ).body<{ question: { id: string } }>();
  const { answer } = (await helper.post(`/api/v1/questions/${question.id}/answers`, { body: "The Hub only speaks 2.4 GHz: split the bands during setup." })).body<{ answer: { id: string } }>();
  await asker.post(`/api/v1/answers/${answer.id}/accept`);
  // New content becomes searchable asynchronously; wait for the outbox to reach Meilisearch.
  await expect
    .poll(async () => (await new ApiClient().get(`/api/v1/search?q=hub%20wireless%20network`)).body<{ hits: { id: string; solved: boolean }[] }>().hits.find((h) => h.id === question.id)?.solved, {
      timeout: 10_000,
    })
    .toBe(true);
  return question.id;
}

describe("search in the browser", () => {
  it("suggests a solved question while the title is typed, and records that it solved the problem", async () => {
    const questionId = await solvedQuestion();
    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    type Stats = { drafts: Record<string, number> };
    const before = (await staff.get("/api/v1/search/deflection")).body<Stats>().drafts;
    const { page, context } = await browser.newPage();
    const account = { email: `e2e-defl-${Date.now()}@example.test`, username: `defl_${Date.now().toString(36)}`, password: "a-long-password-1" };
    await page.goto("/signup");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Username").fill(account.username);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((u) => u.pathname === "/");

    await page.goto("/ask");
    await page.getByLabel("Title").pressSequentially("My hub will not connect to wifi network", { delay: 20 });
    const suggestion = page.getByTestId("similar-questions").getByRole("link", { name: /Nimbus Hub cannot join/ });
    await suggestion.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("similar-questions").innerText()).toContain("2.4 GHz");

    const [tab] = await Promise.all([context.waitForEvent("page"), suggestion.click()]);
    await tab.getByRole("button", { name: "This solved my problem" }).click();
    await tab.getByText("Glad it helped!").waitFor();
    expect(tab.url()).toContain(`/q/${questionId}`);
    const after = (await staff.get("/api/v1/search/deflection")).body<Stats>().drafts;
    expect(after.shown).toBe(before.shown + 1);
    expect(after.opened).toBe(before.opened + 1);
    expect(after.solved).toBe(before.solved + 1);
  });

  it("finds questions with typos from the header box, with highlighted snippets", async () => {
    await solvedQuestion();
    const { page } = await browser.newPage();
    await page.goto("/");
    await page.getByLabel("Search the community").fill("nimbus hubb wirelss");
    await page.getByLabel("Search the community").press("Enter");
    await page.waitForURL(/\/search\?q=/);
    const hit = page.getByTestId("search-hit").first();
    await hit.waitFor();
    expect(await hit.innerText()).toContain("Nimbus Hub cannot join");
    expect(await hit.locator("mark").count()).toBeGreaterThan(0);
  });
});
