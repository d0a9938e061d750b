/**
 * The security headers as a browser meets them: the Content-Security-Policy
 * lets the app's own scripts run (they hydrate, sockets connect) and the
 * town-hall embeds load, blocks an injected inline script, and no page can
 * be framed.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient } from "../support/http";

const browser = useBrowser();

/** Every CSP violation the page reports, as "directive blocked-uri". */
async function watchViolations(page: Page) {
  const seen: string[] = [];
  await page.exposeFunction("__cspViolation", (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

describe("security headers in Chromium", () => {
  it("let the app's own scripts hydrate the page and open its socket, with no violation", async () => {
    const { page } = await browser.newPage();
    const violations = await watchViolations(page);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    for (const path of ["/", "/questions", "/search?q=battery", "/townhalls", "/login"]) {
      const response = await page.goto(path);
      const headers = response!.headers();
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(headers["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      // Plain http: no HSTS, which would lock a local forum out of http.
      expect(headers["strict-transport-security"]).toBeUndefined();
    }
    // Hydrated: the socket connected and the online counter came from it.
    await page.goto("/questions");
    await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
    await expect.poll(() => page.evaluate(() => document.querySelectorAll("script[nonce]").length)).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("blocks an inline script that is not the app's, and stops pages from being framed", async () => {
    const { page } = await browser.newPage();
    const violations = await watchViolations(page);
    await page.goto("/questions");
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 100));
      return Boolean((window as unknown as { __injected?: boolean }).__injected);
    });
    expect(ran).toBe(false);
    expect(violations.some((v) => v.startsWith("script-src"))).toBe(true);

    const framed = await browser.newPage();
    const frameViolations: string[] = [];
    framed.page.on("console", (m) => frameViolations.push(m.text()));
    await framed.page.setContent(`<iframe id="f" src="${inject("env").baseUrl}/admin/webhooks"></iframe>`);
    await framed.page.waitForTimeout(1000);
    const frame = framed.page.frames().find((f) => f.url().includes("/admin/webhooks"));
    const loaded = frame ? await frame.evaluate(() => document.body?.innerHTML.length ?? 0).catch(() => 0) : 0;
    expect(loaded).toBe(0);
  });

  it("lets a town hall's YouTube embed through", async () => {
    const { admin } = inject("env");
    const api = new ApiClient();
    await api.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
    const created = await api.post("/api/v1/townhalls", {
      title: "Embedded stream under the CSP",
      description: "Checks the player's iframe is allowed.",
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      streamUrl: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    });
    const { townhall } = created.body<{ townhall: { id: string; url: string } }>();
    // The player shows while the town hall is live.
    expect((await api.post(`/api/v1/townhalls/${townhall.id}/start`)).status).toBe(200);
    const { page } = await browser.newPage();
    const violations = await watchViolations(page);
    await page.goto(townhall.url, { waitUntil: "domcontentloaded" });
    const src = await page.locator("iframe").first().getAttribute("src");
    expect(src).toMatch(/^https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/);
    await page.waitForTimeout(500);
    // This machine has no internet: the frame may fail to load, but the policy must not be what stops it.
    expect(violations.filter((v) => v.startsWith("frame-src"))).toEqual([]);
  });
});
