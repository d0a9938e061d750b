import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, newAccount } from "../support/http";

const browser = useBrowser();

async function signUp(page: Page) {
  const account = newAccount("qa");
  await page.goto("/signup");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return account;
}

describe("questions in the browser", () => {
  it("one person asks, another answers in a second browser, the first sees it live and accepts it", async () => {
    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await staff.post("/api/v1/categories", { name: "Headphones E2E", slug: "headphones-e2e" });

    const asker = await browser.newPage();
    await signUp(asker.page);
    await asker.page.goto("/ask");
    await asker.page.getByLabel("Title").fill("Air Pro keeps disconnecting from my laptop");
    await asker.page.getByLabel("Details").fill("Audio drops every few minutes on **Windows 11**. What can I try?");
    await asker.page.getByTestId("body-preview").getByText("Windows 11").waitFor(); // live preview
    await asker.page.getByLabel("Category").selectOption("headphones-e2e");
    await asker.page.getByLabel("Tags").fill("air-pro bluetooth");
    await asker.page.getByRole("button", { name: "Post your question" }).click();
    await asker.page.waitForURL(/\/q\/[0-9a-z]+$/);
    const questionUrl = asker.page.url();
    expect(await asker.page.getByTestId("question-title").innerText()).toBe("Air Pro keeps disconnecting from my laptop");

    const helper = await browser.newPage();
    const helperAccount = await signUp(helper.page);
    await helper.page.goto(questionUrl);
    await helper.page.getByLabel("Answer", { exact: true }).fill("Turn off Bluetooth power saving in Device Manager, then pair again.");
    await helper.page.getByRole("button", { name: "Post your answer" }).click();
    await helper.page.getByTestId("answer").getByText("Bluetooth power saving").waitFor();

    // The asker never reloads: the answer arrives over socket.io.
    const arrived = asker.page.getByTestId("answer").getByText("Bluetooth power saving");
    await arrived.waitFor({ timeout: 10_000 });
    expect(await asker.page.getByTestId("answer-count").innerText()).toContain("1 answer");
    await asker.page.getByTestId("unread-count").waitFor({ timeout: 10_000 });

    await asker.page.getByRole("button", { name: "Mark as solution" }).click();
    await asker.page.getByTestId("solved-badge").waitFor();
    // ...and the helper sees the solution live too.
    await helper.page.getByTestId("solved-badge").waitFor({ timeout: 10_000 });
    expect(await helper.page.getByTestId("solution").innerText()).toContain(helperAccount.username);
  });

  it("never runs script from a post", async () => {
    const { page } = await browser.newPage();
    await signUp(page);
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto("/ask");
    await page.getByLabel("Title").fill("Testing what a hostile body can do");
    await page
      .getByLabel("Details")
      .fill('<script>window.__xss = 1; alert("xss")</script> <img src=x onerror="window.__xss=2;alert(2)"> [click](javascript:alert(3)) <iframe src="javascript:alert(4)"></iframe>');
    await page.getByLabel("Category").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Post your question" }).click();
    await page.waitForURL(/\/q\/[0-9a-z]+$/);
    await page.getByTestId("question-body").waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.getByTestId("question-body").locator("script, iframe, img[onerror]").count()).toBe(0);
  });

  it("shows field errors on the ask form and keeps what was typed", async () => {
    const { page } = await browser.newPage({ javaScriptEnabled: false });
    await signUp(page);
    await page.goto("/ask");
    await page.getByLabel("Title").fill("Too short");
    await page.getByLabel("Details").fill("Some detail that is long enough to pass.");
    await page.getByRole("button", { name: "Post your question" }).click();
    await page.getByText("Titles have at least 15 characters").waitFor();
    await page.getByText("Choose a category.").waitFor();
    expect(await page.getByLabel("Details").inputValue()).toBe("Some detail that is long enough to pass.");
  });
});
