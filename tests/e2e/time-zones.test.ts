import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient } from "../support/http";

const browser = useBrowser();

describe("times in a Los Angeles browser", () => {
  it("shows a town hall's start in Pacific time, named, with no console errors or hydration warnings", async () => {
    const { admin } = inject("env");
    const api = new ApiClient();
    await api.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    const created = await api.post("/api/v1/townhalls", { title: "Pacific time town hall", description: "Starts at ten in the morning in Los Angeles.", startsAt: "2031-03-20T17:00:00.000Z" });
    expect(created.status).toBe(201);
    const url = created.body<{ townhall: { url: string } }>().townhall.url;

    const { page } = await browser.newPage({ timezoneId: "America/Los_Angeles" });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || (m.type() === "warning" && /hydrat|did not match/i.test(m.text()))) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));

    // The first visit has no cookie yet: the page hydrates in UTC, learns the zone and redraws in it.
    await page.goto(url);
    await page.getByText("Thursday 20 March 2031, 10:00 PDT").waitFor({ timeout: 10_000 });
    // From then on the server writes Pacific time itself.
    await page.reload();
    await page.getByText("Thursday 20 March 2031, 10:00 PDT").waitFor({ timeout: 10_000 });
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "tz")?.value).toBe(encodeURIComponent("America/Los_Angeles"));
    const html = await (await fetch(new URL(url, inject("env").baseUrl), { headers: { Cookie: "tz=America%2FLos_Angeles" } })).text();
    expect(html).toContain("10:00 PDT");
    expect(problems).toEqual([]);
  });
});
