/**
 * Moderation as people meet it in Chromium: three members flag a question
 * from its page, it disappears for an anonymous visitor, the staff member
 * watching the review queue sees it arrive live and keeps it, and it is back.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();

async function logIn(page: Page, account: { username: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

describe("flags and the review queue in the browser", () => {
  it("three members' flags hide a question from visitors; staff keep it from the live queue and it is back", async () => {
    const { admin } = inject("env");
    const boss = new ApiClient();
    await boss.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await boss.post("/api/v1/categories", { name: "Moderation E2E", slug: "moderation-e2e" });
    const asker = await signedInClient("mod_e2e_asker");
    const title = `Arc remote buttons stick after cleaning ${Date.now().toString(36)}`;
    const asked = await asker.client.post("/api/v1/questions", { title, body: "I wiped it with a damp cloth and now two buttons stick.", category: "moderation-e2e" });
    expect(asked.status).toBe(201);
    const id = asked.body<{ question: { id: string } }>().question.id;

    // Staff watch the queue, with JavaScript: it updates by itself.
    const { page: staffPage } = await browser.newPage();
    await logIn(staffPage, admin);
    await staffPage.goto("/staff/review");
    await staffPage.locator("html[data-hydrated]").waitFor();
    expect(await staffPage.getByRole("heading", { level: 1, name: "Review queue" }).isVisible()).toBe(true);

    // Three members flag it from the question page; the third without JavaScript (the menu is a plain form).
    for (const [i, javaScriptEnabled] of [true, true, false].entries()) {
      const flagger = await signedInClient(`mod_e2e_flag${i}`);
      const { page } = await browser.newPage({ javaScriptEnabled });
      await logIn(page, flagger.account);
      await page.goto(`/q/${id}`);
      const question = page.getByRole("region", { name: "Question" });
      await question.getByText("Flag", { exact: true }).click();
      await question.getByLabel("Spam or advertising").check();
      await question.getByLabel("Note for the moderators (optional)").fill(`Looks like an advert (${i + 1})`);
      await question.getByRole("button", { name: "Flag this question" }).click();
      if (i < 2) await question.getByText("Flagged — thanks").waitFor();
      else await page.waitForLoadState("load");
    }

    // Gone for a visitor: the page is not found and the list leaves it out.
    const { page: visitor } = await browser.newPage();
    const hidden = await visitor.goto(`/q/${id}`);
    expect(hidden?.status()).toBe(404);
    await visitor.goto("/questions?category=moderation-e2e");
    expect(await visitor.getByText(title).count()).toBe(0);

    // The asker sees it, with why.
    const { page: askerPage } = await browser.newPage();
    await logIn(askerPage, asker.account);
    await askerPage.goto(`/q/${id}`);
    expect(await askerPage.getByTestId("hidden-notice").innerText()).toContain("hidden pending review");

    // It arrived in the staff member's open queue without a reload; keep it from there.
    const item = staffPage.getByTestId("review-item").filter({ hasText: title });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.innerText()).toContain("3 flags");
    expect(await item.innerText()).toContain("Looks like an advert (1)");
    await item.getByRole("button", { name: `Keep and show: ${title}` }).click();
    await item.waitFor({ state: "detached", timeout: 15_000 });

    const back = await visitor.goto(`/q/${id}`);
    expect(back?.status()).toBe(200);
    expect(await visitor.getByTestId("question-title").innerText()).toBe(title);
    await visitor.goto("/questions?category=moderation-e2e");
    expect(await visitor.getByText(title).count()).toBe(1);
  });
});
