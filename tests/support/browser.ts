import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { chromiumFlags } from "./chromium";
import { newAccount } from "./http";

export { chromiumFlags };

/** A real Chromium (Debian's) for the file, and fresh contexts that act as separate people. */
export function useBrowser() {
  const state: { browser?: Browser; contexts: BrowserContext[] } = { contexts: [] };
  beforeAll(async () => {
    const { chromiumPath } = inject("env");
    if (!chromiumPath) throw new Error("No Chromium: run the suite with `npm test`, which finds or installs it.");
    state.browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
  });
  // A failed test must not leave its people online for the next one.
  afterEach(async () => {
    await Promise.all(state.contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    async newPage(options: BrowserContextOptions = {}) {
      if (!state.browser) throw new Error("browser not started");
      const context = await state.browser.newContext({ baseURL: inject("env").baseUrl, ...options });
      state.contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
  };
}

/** Signs a new member up through /signup as a person would, and waits for the home page; returns the account. */
export async function signUpInBrowser(page: Page, prefix: string) {
  const account = newAccount(prefix);
  await page.goto("/signup");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return account;
}
