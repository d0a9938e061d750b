import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowser } from "../support/browser";
import { newAccount } from "../support/http";

const browser = useBrowser();

/** Who the header says is signed in, once the page has settled on an answer. */
async function expectHeaderUser(page: Page, username: string | null) {
  const current = page.getByTestId("current-username");
  await expect
    .poll(async () => ((await current.count()) ? (await current.innerText()).trim() : null), { timeout: 10_000 })
    .toBe(username);
}

async function signUp(page: Page, account: { email: string; username: string; password: string }) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

describe("accounts in the browser", () => {
  it("signs up, logs out, fails with a wrong password, then logs in", async () => {
    const { page, context } = await browser.newPage();
    const account = newAccount("e2e");

    await signUp(page, account);
    await expectHeaderUser(page, account.username);

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).first().waitFor();
    await expectHeaderUser(page, null);

    await page.goto("/login");
    await page.getByLabel("Email or username").fill(account.username);
    await page.getByLabel("Password").fill("definitely-wrong");
    await page.getByRole("button", { name: "Log in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "do not match" });
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    // What was typed stays, except the password.
    expect(await page.getByLabel("Email or username").inputValue()).toBe(account.username);

    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expectHeaderUser(page, account.username);
    await context.close();
  });

  it("shows field errors inline, with JavaScript and without it", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { page, context } = await browser.newPage({ javaScriptEnabled });
      await page.goto("/signup");
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByLabel("Username").fill("ok_name");
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("Passwords have at least 10 characters.").waitFor();
      await page.getByText("Enter a valid email address.").waitFor();
      expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByLabel("Username").inputValue()).toBe("ok_name");
      await context.close();
    }
  });

  it("signs up and logs in with JavaScript turned off", async () => {
    const { page, context } = await browser.newPage({ javaScriptEnabled: false });
    const account = newAccount("nojs");
    await signUp(page, account);
    await expectHeaderUser(page, account.username);
    await context.close();
  });

  it("can be used with the keyboard alone", async () => {
    const { page, context } = await browser.newPage();
    const account = newAccount("keys");
    await page.goto("/signup");
    await page.getByLabel("Email").focus();
    await page.keyboard.type(account.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(account.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(account.password);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/");
    await expectHeaderUser(page, account.username);
    await context.close();
  });
});

describe("people online", () => {
  it("updates the header count live as people arrive and leave", async () => {
    const first = await browser.newPage();
    await first.page.goto("/");
    const number = first.page.getByTestId("online-number");
    await expect.poll(async () => Number(await number.innerText()), { timeout: 10_000 }).toBe(1);

    const second = await browser.newPage();
    await second.page.goto("/");
    await expect.poll(async () => Number(await number.innerText()), { timeout: 10_000 }).toBe(2);
    expect(Number(await second.page.getByTestId("online-number").innerText())).toBeGreaterThanOrEqual(1);

    await second.context.close();
    await expect.poll(async () => Number(await number.innerText()), { timeout: 10_000 }).toBe(1);
    await first.context.close();
  });
});
