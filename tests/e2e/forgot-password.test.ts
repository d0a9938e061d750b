import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signUpInBrowser, useBrowser } from "../support/browser";
import { ApiClient, newAccount } from "../support/http";
import { waitForOutbox } from "../support/outbox";
import { linkIn } from "../support/smtp-sink";

const browser = useBrowser();

async function expectHeaderUser(page: Page, username: string | null) {
  const current = page.getByTestId("current-username");
  await expect
    .poll(async () => ((await current.count()) ? (await current.innerText()).trim() : null), { timeout: 10_000 })
    .toBe(username);
}

async function member(prefix: string) {
  const account = newAccount(prefix);
  const res = await new ApiClient().post("/api/v1/auth/signup", account);
  expect(res.status).toBe(201);
  return account;
}

const isReset = (m: { subject?: string }) => Boolean(m.subject?.startsWith("Reset your password"));

describe("forgot password in the browser", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`asks from the login page, follows the mailed link, sets a new password and lands signed in (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
      const account = await member(javaScriptEnabled ? "forgot" : "forgotnojs");
      const { page } = await browser.newPage({ javaScriptEnabled });

      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot password?" }).click();
      await page.waitForURL((url) => url.pathname === "/forgot-password");
      await page.getByLabel("Email address").fill(account.email.toUpperCase());
      await page.getByRole("button", { name: "Send the link" }).click();
      await page.getByTestId("reset-requested").filter({ hasText: "If an account uses that address, we've sent a link" }).waitFor();

      // The embedded default: the server wrote the message as an .eml file under DATA_DIR/mail.
      const [mail] = await waitForOutbox(account.email, 1, 20_000, isReset);
      const link = linkIn(mail, "/reset-password");
      const opened = await page.goto(link.toString());
      expect(opened?.status()).toBe(200);

      await page.getByLabel("New password").fill("short");
      await page.getByRole("button", { name: "Set the new password and log in" }).click();
      await page.getByText("Passwords have at least 10 characters.").waitFor();

      await page.getByLabel("New password").fill("violet lantern harbour crossing");
      await page.getByRole("button", { name: "Set the new password and log in" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await expectHeaderUser(page, account.username);

      // The link worked once.
      const again = await page.goto(link.toString());
      expect(again?.status()).toBe(400);
      await page.getByRole("heading", { name: "This link has expired or was already used" }).waitFor();
      await page.getByRole("link", { name: "Ask for a new link" }).waitFor();

      const login = await new ApiClient().post("/api/v1/auth/login", { login: account.username, password: "violet lantern harbour crossing" });
      expect(login.status).toBe(200);
    });
  }
});

describe("confirming the address in the browser", () => {
  it("shows the banner, resends from it without JavaScript, and confirms with the mailed link's button", async () => {
    const { page } = await browser.newPage({ javaScriptEnabled: false });
    const account = await signUpInBrowser(page, "banner");

    const banner = page.getByRole("region", { name: "Confirm your email address" });
    await expect.poll(() => banner.innerText()).toContain(`we sent a link to ${account.email}`);
    await banner.getByRole("button", { name: "Resend" }).click();
    await page.getByTestId("verification-resent").filter({ hasText: `We sent a new link to ${account.email}` }).waitFor();

    const mails = await waitForOutbox(account.email, 2);
    // Only the newest link works; two messages sent in one batch may be written in either order, so ask the page which one (looking spends nothing).
    const links = mails.map((m) => linkIn(m, "/verify-email"));
    const statuses = await Promise.all(links.map(async (l) => (await new ApiClient().get(l.pathname + l.search, { Accept: "text/html" })).status));
    expect([...statuses].sort()).toEqual([200, 400]);
    const link = links[statuses.indexOf(200)];
    await page.goto(link.toString());
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByRole("heading", { name: "Your email address is confirmed" }).waitFor();
    await page.goto("/");
    expect(await page.getByRole("region", { name: "Confirm your email address" }).count()).toBe(0);
  });
});
