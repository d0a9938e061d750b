/**
 * Single sign-on in Chromium: the provider's button on the login page, the
 * provider's own login form, and back signed in, with JavaScript and without.
 * The pages involved (login with the button, the callback's refusal) pass axe
 * and fit a 390 px phone; the suite's shared server has no provider, so they
 * are checked here rather than in pages.test.ts.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../search/embedded.server";
import { useBrowser } from "../support/browser";
import { startForumServer, type ForumServer } from "../support/forum-server";
import { startOidcProvider } from "../support/oidc-provider";

const browser = useBrowser();
let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let forum: ForumServer;

beforeAll(async () => {
  const [providerPort, forumPort] = await Promise.all([freePort(), freePort()]);
  provider = await startOidcProvider({
    port: providerPort,
    clientId: "forum-e2e",
    clientSecret: "forum-e2e-secret-0123456789",
    redirectUris: [`http://127.0.0.1:${forumPort}/auth/oidc/callback`],
    accounts: {
      nina: { email: "nina@nimbus.test", email_verified: true, name: "Nina Park", preferred_username: "nina" },
      omar: { email: "omar@nimbus.test", email_verified: true, preferred_username: "omar" },
    },
  });
  forum = await startForumServer("sso-e2e", forumPort, {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: "forum-e2e",
    OIDC_CLIENT_SECRET: "forum-e2e-secret-0123456789",
    OIDC_ALLOW_HTTP: "true",
    OIDC_NAME: "Sign in with Nimbus ID",
  });
}, 120_000);

afterAll(async () => {
  await forum?.stop();
  await provider?.close();
}, 30_000);

async function expectHeaderUser(page: Page, username: string) {
  await expect
    .poll(
      async () =>
        (
          await page
            .getByTestId("current-username")
            .innerText()
            .catch(() => null)
        )?.trim(),
      { timeout: 10_000 }
    )
    .toBe(username);
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

async function widerThanScreen(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("single sign-on in the browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`signs in through the provider's button and lands where it started${javaScriptEnabled ? "" : ", without JavaScript"}`, async () => {
      const { page } = await browser.newPage({ baseURL: forum.baseUrl, javaScriptEnabled });
      const username = javaScriptEnabled ? "nina" : "omar";
      await page.goto("/login?redirectTo=%2Fquestions");
      await page.getByRole("link", { name: "Sign in with Nimbus ID" }).click();
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.getByLabel("Username").fill(username);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL((url) => url.origin === forum.baseUrl && url.pathname === "/questions");
      await expectHeaderUser(page, username);
    });
  }

  it("keeps the login page and the refusal page accessible, at desktop and phone sizes", async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { page } = await browser.newPage({ baseURL: forum.baseUrl, viewport });
      await page.goto("/login");
      await page.getByRole("link", { name: "Sign in with Nimbus ID" }).waitFor();
      expect(await page.getByText("or", { exact: true }).isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await widerThanScreen(page)).toBeLessThanOrEqual(0);

      const refused = await page.goto("/auth/oidc/callback?code=x&state=forged");
      expect(refused?.status()).toBe(400);
      await page.getByText("That sign-in link is no longer valid, try again").waitFor();
      await page.getByRole("link", { name: "Try again" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await widerThanScreen(page)).toBeLessThanOrEqual(0);
    }
  });
});
