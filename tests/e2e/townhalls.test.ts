import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, newAccount } from "../support/http";

const browser = useBrowser();

async function signUp(page: Page, prefix: string) {
  const account = newAccount(prefix);
  await page.goto("/signup");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return account;
}

/** A question's card, found by its own text (not a mention of it in another card's duplicate picker). */
const card = (page: Page, text: string) => page.getByTestId("townhall-question").filter({ has: page.locator("p", { hasText: text }) });

describe("a live town hall in the browser", () => {
  it("staff go live, two attendees ask and vote, everyone sees the approval and the answer live", async () => {
    const { admin } = inject("env");
    const api = new ApiClient();
    await api.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    const created = await api.post("/api/v1/townhalls", { title: "Nimbus Band 3 launch town hall", description: "The Band team answers your questions live.", startsAt: new Date(Date.now() + 3600_000).toISOString(), moderated: true });
    const url = created.body<{ townhall: { url: string } }>().townhall.url;

    const host = await browser.newPage();
    await host.page.goto("/login");
    await host.page.getByLabel("Email or username").fill(admin.username);
    await host.page.getByLabel("Password").fill(admin.password);
    await host.page.getByRole("button", { name: "Log in" }).click();
    await host.page.waitForURL((u) => u.pathname === "/");
    await host.page.goto(url);

    const alice = await browser.newPage();
    await signUp(alice.page, "th_alice");
    await alice.page.goto(url);
    const bob = await browser.newPage();
    await signUp(bob.page, "th_bob");
    await bob.page.goto(url);

    await host.page.getByRole("button", { name: "Go live" }).click();
    for (const p of [alice.page, bob.page]) await p.getByTestId("townhall-state").getByText("Live").waitFor({ timeout: 10_000 });

    await alice.page.getByLabel("Ask the team").fill("Does the Band 3 track swimming laps?");
    await alice.page.getByRole("button", { name: "Ask", exact: true }).click();
    const pending = card(host.page, "swimming laps");
    await pending.waitFor({ timeout: 10_000 });
    expect(await card(bob.page, "swimming laps").count()).toBe(0);
    await pending.getByRole("button", { name: "Approve" }).click();

    const bobsView = card(bob.page, "swimming laps");
    await bobsView.waitFor({ timeout: 10_000 });
    await bob.page.getByLabel("Ask the team").fill("Will old straps fit the Band 3?");
    await bob.page.getByRole("button", { name: "Ask", exact: true }).click();
    await bobsView.getByRole("button", { name: "Upvote this question" }).click();
    await expect.poll(async () => card(alice.page, "swimming laps").getByTestId("townhall-votes").innerText(), { timeout: 10_000 }).toBe("1");

    await pending.getByRole("button", { name: "Answering now" }).click();
    await card(alice.page, "swimming laps").getByTestId("townhall-status").getByText("Answering now").waitFor({ timeout: 10_000 });
    await pending.getByLabel("Written answer").fill("Yes: pool and open-water swims, with lap counting.");
    await pending.getByRole("button", { name: "Mark answered" }).click();
    for (const p of [alice.page, bob.page]) {
      await card(p, "swimming laps").getByTestId("townhall-answer").getByText("lap counting").waitFor({ timeout: 10_000 });
    }
  });
});
