import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, newAccount } from "../support/http";

const browser = useBrowser();

describe("escalation in the browser", () => {
  it("a question escalates, staff claim it from the live queue, reply with a saved reply, and the customer sees it live", async () => {
    const { admin } = inject("env");
    const adminApi = new ApiClient();
    await adminApi.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    await adminApi.post("/api/v1/categories", { name: "Wearables E2E", slug: "wearables-e2e" });
    const created = await adminApi.post("/api/v1/saved-replies", { title: "Strap replacement", body: "Hi {{customer}}, we'll send a new strap for your Band today. {{agent}}" });
    expect(created.status).toBe(201);
    const replyId = created.body<{ savedReply: { id: string } }>().savedReply.id;
    expect((await adminApi.post(`/api/v1/saved-replies/${replyId}/approve`, {})).status).toBe(200);

    // Staff keep the queue open in their browser.
    const staff = await browser.newPage();
    await staff.page.goto("/login");
    await staff.page.getByLabel("Email or username").fill(admin.username);
    await staff.page.getByLabel("Password").fill(admin.password);
    await staff.page.getByRole("button", { name: "Log in" }).click();
    await staff.page.waitForURL((url) => url.pathname === "/");
    await staff.page.goto("/staff/queue?filter=unassigned");

    // A customer asks, then asks for staff.
    const customer = await browser.newPage();
    const account = newAccount("esc_customer");
    await customer.page.goto("/signup");
    await customer.page.getByLabel("Email").fill(account.email);
    await customer.page.getByLabel("Username").fill(account.username);
    await customer.page.getByLabel("Password").fill(account.password);
    await customer.page.getByRole("button", { name: "Create account" }).click();
    await customer.page.waitForURL((url) => url.pathname === "/");
    await customer.page.goto("/ask");
    await customer.page.getByLabel("Title").fill("Band strap snapped after two weeks of use");
    await customer.page.getByLabel("Details").fill("The pin on my Nimbus Band strap broke off. Is this covered?");
    await customer.page.getByLabel("Category").selectOption("wearables-e2e");
    await customer.page.getByRole("button", { name: "Post your question" }).click();
    await customer.page.waitForURL(/\/q\/[0-9a-z]+$/);
    await customer.page.getByRole("button", { name: "I need staff" }).click();
    await customer.page.getByTestId("with-staff").waitFor();

    // The staff queue shows it without a reload; staff claim it there.
    const row = staff.page.getByTestId("queue-item").filter({ hasText: "Band strap snapped" });
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole("button", { name: "Claim" }).click();
    await staff.page.getByTestId("queue-item").filter({ hasText: "Band strap snapped" }).waitFor({ state: "detached", timeout: 10_000 });
    await staff.page.goto("/staff/queue?filter=mine");
    await staff.page.getByTestId("queue-item").filter({ hasText: "Band strap snapped" }).getByRole("link", { name: /Band strap snapped/ }).click();
    await staff.page.getByTestId("staff-panel").waitFor();
    expect(await staff.page.getByTestId("case-state").innerText()).toBe("Assigned");

    // Reply with the saved reply; the customer's open page shows it live.
    const form = staff.page.getByTestId("staff-panel").getByTestId("saved-reply-form");
    await form.getByLabel("Saved reply").selectOption({ label: "Strap replacement" });
    await form.getByRole("button", { name: "Post reply" }).click();
    await staff.page.getByTestId("answer").getByText("send a new strap").waitFor();

    const reply = customer.page.getByTestId("answer").getByText(`Hi ${account.username}, we'll send a new strap for your Band today. ${admin.username}`);
    await reply.waitFor({ timeout: 10_000 });
  });
});
