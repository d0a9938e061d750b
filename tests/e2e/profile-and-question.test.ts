/**
 * A profile and a question page as a phone sees them, with and without
 * JavaScript: no console or page errors (a hydration mismatch is a console
 * error), nothing wider than the screen, and everything in reading order.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();
const phone = { viewport: { width: 390, height: 844 } };
const body = "It worked yesterday and today it does not, whatever I try in the app.";

let asker: Awaited<ReturnType<typeof signedInClient>>;
let helper: Awaited<ReturnType<typeof signedInClient>>;
let questionId = "";

function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function overflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

beforeAll(async () => {
  const { admin } = inject("env");
  const staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  await staff.post("/api/v1/categories", { name: "Earbuds E2E", slug: "earbuds-pq-e2e" });
  asker = await signedInClient("pq_asker");
  helper = await signedInClient("pq_helper");
  // Staff post without the newcomer's limit of five in ten minutes, so one person can ask a dozen.
  expect((await staff.patch(`/api/v1/users/${asker.account.username}/role`, { role: "staff" })).status).toBe(200);
  for (let i = 1; i <= 12; i++) {
    const res = await asker.client.post("/api/v1/questions", { title: `Left earbud number ${i} stopped charging in the case`, body, category: "earbuds-pq-e2e" });
    if (res.status !== 201) throw new Error(`ask failed: ${res.status} ${res.text}`);
    questionId = res.body<{ question: { id: string } }>().question.id;
  }
});

describe("a profile on a phone", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`shows the chart, the member's own questions and their answers ${javaScriptEnabled ? "with" : "without"} JavaScript, within the screen and without errors`, async () => {
      const { page } = await browser.newPage({ ...phone, javaScriptEnabled });
      const errors = watchErrors(page);
      const res = await page.goto(`/u/${asker.account.username}`);
      expect(res?.status()).toBe(200);
      await page.waitForLoadState("networkidle");

      const chart = page.getByRole("img", { name: "Reputation over the last year" });
      expect(await chart.count()).toBe(1);
      expect(await page.getByTestId("reputation-chart").locator("figcaption").innerText()).toMatch(/^Reputation from \d+ \w{3} \d{4} to \d+ \w{3} \d{4}/);
      // The month labels shown stand apart from one another.
      const boxes = (await page.getByTestId("chart-months").locator(":scope > span").evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ left: r.left, right: r.right })),
      )).sort((a, b) => a.left - b.left);
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i].left).toBeGreaterThanOrEqual(boxes[i - 1].right);

      const questions = page.getByTestId("profile-questions").getByRole("listitem");
      expect(await questions.count()).toBe(10);
      expect(await questions.first().innerText()).toContain("Left earbud number 12");
      expect(await page.getByRole("heading", { name: "Questions (12)" }).count()).toBe(1);
      await page.getByTestId("older-questions").click();
      // The link back appears only on an older page, so it shows the page has rendered (a client navigation changes the URL first).
      await page.getByRole("link", { name: "Newest questions" }).waitFor();
      expect(await page.getByTestId("profile-questions").getByRole("listitem").allInnerTexts()).toEqual([
        expect.stringContaining("Left earbud number 2"),
        expect.stringContaining("Left earbud number 1"),
      ]);

      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    });
  }

  it("answers a made-up page cursor with 400, not a crash", async () => {
    const res = await new ApiClient().get(`/u/${asker.account.username}?questions=nonsense`, { Accept: "text/html" });
    expect(res.status).toBe(400);
  });
});
