import { describe, expect, it } from "vitest";
import { signUpInBrowser, useBrowser } from "../support/browser";
import { ApiClient } from "../support/http";

const browser = useBrowser();

describe("settings in the browser", () => {
  it("a member changes their display name on /settings and sees it, then signs another device out on /settings/sessions", async () => {
    const { page } = await browser.newPage();
    const account = await signUpInBrowser(page, "settings_e2e");

    await page.goto("/settings");
    await page.getByLabel("Display name").fill("Robin at the record shop");
    await page.getByLabel("Bio").fill("Turntables and tubes.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await page.getByLabel("Display name").inputValue()).toBe("Robin at the record shop");
    await page.goto(`/u/${account.username}`);
    await page.getByText("Robin at the record shop").first().waitFor();

    // A second device: the API client signs in as a phone would.
    const phone = new ApiClient();
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    expect((await phone.post("/api/v1/auth/login", { login: account.username, password: account.password }, { "User-Agent": iphone })).status).toBe(200);

    await page.goto("/settings/sessions");
    const sessions = page.getByTestId("session");
    expect(await sessions.count()).toBe(2);
    await page.getByText("This device", { exact: true }).waitFor();
    await page.getByRole("button", { name: /^Sign out Safari on iPhone/ }).click();
    await page.getByRole("status").filter({ hasText: "Signed out 1 session." }).waitFor();
    await page.getByTestId("session").nth(1).waitFor({ state: "detached" });
    expect(await page.getByTestId("session").count()).toBe(1);
    expect((await phone.get("/api/v1/me")).status).toBe(401);
    // The browser's own session goes on.
    await page.goto("/settings/sessions");
    await page.getByText("This device", { exact: true }).waitFor();
  });
});
