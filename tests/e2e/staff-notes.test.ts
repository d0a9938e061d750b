import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();

async function logInAsAdmin(page: Page) {
  const { admin } = inject("env");
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(admin.username);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

async function aQuestion() {
  const { admin } = inject("env");
  const boss = new ApiClient();
  await boss.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  await boss.post("/api/v1/categories", { name: "Notes E2E", slug: "notes-e2e" });
  const { client } = await signedInClient("notes_asker");
  const res = await client.post("/api/v1/questions", { title: "Hub loses its schedule after a power cut", body: "Every outage resets the automations to defaults.", category: "notes-e2e" });
  return { id: res.body<{ question: { id: string } }>().question.id, boss };
}

describe("staff notes in the browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`clear the field once saved, ${javaScriptEnabled ? "with" : "without"} JavaScript, and keep one note`, async () => {
      const { id, boss } = await aQuestion();
      const { page } = await browser.newPage({ javaScriptEnabled });
      await logInAsAdmin(page);
      await page.goto(`/q/${id}`);
      const field = page.getByLabel("Add a note");
      await field.fill("Customer is on firmware 4.2; outage resets confirmed.");
      await page.getByRole("button", { name: "Save note" }).click();
      await page.getByTestId("staff-notes").getByText("Customer is on firmware 4.2").waitFor();
      await expect.poll(() => page.getByLabel("Add a note").inputValue()).toBe("");
      const notes = await boss.get(`/api/v1/questions/${id}/notes`);
      expect(notes.body<{ notes: unknown[] }>().notes).toHaveLength(1);
    });
  }
});
