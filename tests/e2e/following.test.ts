import { describe, expect, inject, it } from "vitest";
import { signUpInBrowser, useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();

describe("following in the browser", () => {
  it("a member follows a category, another member asks there, and the bell rings without a reload", async () => {
    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await staff.post("/api/v1/categories", { name: "Turntables E2E", slug: "turntables-e2e" });

    const { page } = await browser.newPage();
    await signUpInBrowser(page, "follow_fan");

    await page.goto("/questions?category=turntables-e2e");
    const follow = page.getByTestId("follow-button");
    await follow.click();
    await page.locator('[data-testid="follow-button"][data-watching="true"]').waitFor();
    expect(await page.getByTestId("unread-count").count()).toBe(0);

    const { client: asker } = await signedInClient("follow_asker");
    const title = "Turntable hums through the left channel only";
    expect((await asker.post("/api/v1/questions", { title, body: "A low hum on the left channel whenever the platter spins.", category: "turntables-e2e" })).status).toBe(201);

    // The fan-out job writes the notification; the socket tells the page, which refreshes the bell.
    await page.getByTestId("unread-count").filter({ hasText: "1" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("bell").click();
    await page.waitForURL((url) => url.pathname === "/notifications");
    await page.getByText(title).first().waitFor();

    await page.goto("/following");
    await page.getByText("Turntables E2E").first().waitFor();
  });
});
