import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, newAccount, signedInClient } from "../support/http";

const browser = useBrowser();

describe("reputation in the browser", () => {
  it("a customer's answer is accepted: the badge toast appears live, and the profile shows the points and the badge", async () => {
    const { admin } = inject("env");
    const staff = new ApiClient();
    await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await staff.post("/api/v1/categories", { name: "Speakers E2E", slug: "speakers-e2e" });

    const { client: asker } = await signedInClient("rep_asker");
    const asked = await asker.post("/api/v1/questions", {
      title: "Arc speaker drops off Wi-Fi every evening",
      body: "It reconnects after a restart but drops again the next evening.",
      category: "speakers-e2e",
    });
    const questionId = asked.body<{ question: { id: string; url: string } }>().question.id;

    // The helper signs up and answers in the browser, then stays on the question page.
    const { page } = await browser.newPage();
    const account = newAccount("rep_helper");
    await page.goto("/signup");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Username").fill(account.username);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.goto(`/q/${questionId}`);
    await page.getByLabel("Answer", { exact: true }).fill("Give the speaker a fixed IP in your router: the evening drop is the DHCP lease renewing.");
    await page.getByRole("button", { name: "Post your answer" }).click();
    await page.getByTestId("answer").getByText("fixed IP").waitFor();

    const answers = await asker.get(`/api/v1/questions/${questionId}`);
    const answerId = answers.body<{ answers: { id: string }[] }>().answers[0].id;
    expect((await asker.post(`/api/v1/answers/${answerId}/accept`, {})).status).toBe(200);

    // The badge job awards "Problem Solver" and the toast arrives without a reload.
    const toast = page.getByTestId("badge-toast").filter({ hasText: "Problem Solver" });
    await toast.waitFor({ timeout: 15_000 });

    await page.goto(`/u/${account.username}`);
    expect(await page.getByTestId("profile-reputation").innerText()).toBe("15");
    await page.getByTestId("profile-badges").getByTestId("badge-problem-solver").waitFor();
    expect(await page.getByTestId("reputation-history").innerText()).toContain("Answer marked as the solution");

    const profile = await new ApiClient().get(`/api/v1/users/${account.username}`);
    const user = profile.body<{ user: { reputation: number; acceptedCount: number; badges: { slug: string }[] } }>().user;
    expect(user.reputation).toBe(15);
    expect(user.acceptedCount).toBe(1);
    expect(user.badges.map((b) => b.slug)).toEqual(expect.arrayContaining(["helper", "problem-solver"]));
  });
});
