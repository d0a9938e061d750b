/**
 * The phone menu: every main link one tap (or one key) away on a 390 px
 * screen, by keyboard and without JavaScript, and search from inside it.
 */
import { describe, expect, it } from "vitest";
import { useBrowser } from "../support/browser";

const browser = useBrowser();
const phone = { viewport: { width: 390, height: 844 } };

describe("the menu on a phone", () => {
  it("opens from the keyboard, closes on Escape with focus back on its button, and takes a visitor to a page", async () => {
    const { page } = await browser.newPage(phone);
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    // The wide header's links are out of sight; the menu button is what a phone shows.
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    const button = page.getByTestId("menu").locator("summary");
    expect(await button.isVisible()).toBe(true);
    const menu = page.getByRole("navigation", { name: "Menu" });
    expect(await menu.isVisible()).toBe(false);

    await button.focus();
    await page.keyboard.press("Enter");
    await menu.waitFor({ state: "visible" });
    expect(await menu.getByRole("link").allInnerTexts()).toEqual(["Home", "Questions", "Town halls", "Leaderboard"]);

    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");

    await page.keyboard.press("Enter");
    await menu.getByRole("link", { name: "Town halls" }).click();
    await page.waitForURL("**/townhalls");
    await page.getByRole("heading", { level: 1, name: "Town halls" }).waitFor();
    // After a client-side navigation the drawer is closed again, so the new page is not hidden under it.
    expect(await menu.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });

  it("works without JavaScript: it opens, searches and follows a link", async () => {
    const { page } = await browser.newPage({ ...phone, javaScriptEnabled: false });
    await page.goto("/questions");
    const menu = page.getByRole("navigation", { name: "Menu" });
    await page.getByTestId("menu").locator("summary").click();
    expect(await menu.isVisible()).toBe(true);
    await page.getByLabel("Find a question or answer").fill("battery drains overnight");
    await page.getByLabel("Find a question or answer").press("Enter");
    await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === "battery drains overnight");
    expect(await page.getByRole("heading", { level: 1, name: "Search" }).isVisible()).toBe(true);

    await page.getByTestId("menu").locator("summary").click();
    await menu.getByRole("link", { name: "Leaderboard" }).click();
    await page.waitForURL("**/leaderboard");
    expect(await page.getByRole("heading", { level: 1 }).first().innerText()).toContain("Leaderboard");
  });
});
