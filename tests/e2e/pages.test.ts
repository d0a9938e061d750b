/**
 * Every main page, as every role, in light and dark mode, at desktop and
 * phone sizes: axe-core finds no serious or critical violation, nothing is
 * wider than a 390 px phone, and the browser logs no error (a hydration
 * mismatch is a console error).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { useBrowser } from "../support/browser";
import { ApiClient, signedInClient } from "../support/http";

const browser = useBrowser();
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

type Role = "visitor" | "customer" | "advocate" | "staff" | "admin";
const cookies: Partial<Record<Role, string>> = {};
const people: Record<string, string> = {};
let questionId = "";
let townhallId = "";
const category = "speakers-pages-e2e";

beforeAll(async () => {
  const { admin } = inject("env");
  const boss = new ApiClient();
  await boss.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  cookies.admin = boss.cookie ?? undefined;
  expect((await boss.post("/api/v1/categories", { name: "Speakers", slug: category })).status).toBe(201);

  const customer = await signedInClient("pg_customer");
  const advocate = await signedInClient("pg_advocate");
  const staff = await signedInClient("pg_staff");
  expect((await boss.patch(`/api/v1/users/${advocate.account.username}/role`, { role: "advocate" })).status).toBe(200);
  expect((await boss.patch(`/api/v1/users/${staff.account.username}/role`, { role: "staff" })).status).toBe(200);
  cookies.customer = customer.client.cookie ?? undefined;
  cookies.advocate = advocate.client.cookie ?? undefined;
  cookies.staff = staff.client.cookie ?? undefined;
  people.customer = customer.account.username;
  people.advocate = advocate.account.username;

  // A question with an accepted answer, another one escalated to staff, and a town hall: the pages show real content.
  const asked = await customer.client.post("/api/v1/questions", {
    title: "Speaker drops off Wi-Fi every night around midnight",
    body: "My Nimbus speaker loses the network at midnight and only comes back after a restart. The router is fine.",
    category,
    tags: ["wifi"],
  });
  expect(asked.status).toBe(201);
  questionId = asked.body<{ question: { id: string } }>().question.id;
  const answered = await advocate.client.post(`/api/v1/questions/${questionId}/answers`, { body: "Turn off the router's nightly channel scan: the speaker does not follow a channel change. **Settings > Wireless > Auto channel**." });
  expect(answered.status).toBe(201);
  const answerId = answered.body<{ answer: { id: string } }>().answer.id;
  expect((await customer.client.post(`/api/v1/answers/${answerId}/accept`, {})).status).toBe(200);
  await advocate.client.post("/api/v1/votes", { target: "answer", id: answerId, value: 1 });

  const other = await customer.client.post("/api/v1/questions", {
    title: "Speaker firmware update stuck at ninety percent",
    body: "The update has sat at ninety percent for an hour and the light is blinking orange.",
    category,
  });
  expect(other.status).toBe(201);
  const otherId = other.body<{ question: { id: string } }>().question.id;
  expect((await customer.client.post(`/api/v1/questions/${otherId}/escalate`, { reason: "Nobody has answered." })).status).toBe(200);

  // A flag from a member (not enough to hide it), so the review queue shows an item.
  const flagger = await signedInClient("pg_flagger");
  expect((await flagger.client.post("/api/v1/flags", { target: "question", id: otherId, reason: "other", note: "Posted twice, I think." })).status).toBe(201);

  const hall = await boss.post("/api/v1/townhalls", { title: "Speaker team town hall", description: "The speaker team answers your questions live.", startsAt: new Date(Date.now() + 86_400_000).toISOString() });
  expect(hall.status).toBe(201);
  townhallId = hall.body<{ townhall: { id: string } }>().townhall.id;
});

const publicPages = () => [
  "/",
  "/questions",
  `/q/${questionId}`,
  `/c/${category}`,
  "/search",
  "/search?q=speaker+wifi",
  "/leaderboard",
  "/badges",
  "/badges/helper",
  "/townhalls",
  `/townhalls/${townhallId}`,
  `/u/${people.advocate}`,
  "/help/reputation",
];
const memberPages = () => [
  "/ask",
  "/notifications",
  "/settings",
  "/settings/account",
  "/settings/sessions",
  "/settings/data",
  "/settings/tokens",
  "/settings/notifications",
  "/verify-email",
  "/following",
  `/u/${people.customer}`,
];
const staffPages = () => ["/staff/queue", "/staff/review", `/staff/customers/${people.customer}`, "/admin/sla", "/admin/saved-replies", "/admin/advocates"];
const adminPages = () => ["/admin/users", "/admin/categories", "/admin/webhooks", "/admin/search", "/admin/audit", "/admin/mail"];

/** A reset link that was never mailed: the page that says so answers 400, and must read as well as any other. */
const spentResetLink = "/reset-password?token=this-link-was-never-mailed";
const expectedStatus: Record<string, number> = { [spentResetLink]: 400 };

const pagesFor: Record<Role, () => string[]> = {
  visitor: () => [...publicPages(), "/login", "/signup", "/forgot-password", spentResetLink],
  customer: () => [...publicPages(), ...memberPages()],
  advocate: () => [...publicPages(), ...memberPages()],
  staff: () => [...publicPages(), ...memberPages(), ...staffPages()],
  admin: () => [...publicPages(), ...memberPages(), ...staffPages(), ...adminPages()],
};

type Size = "desktop" | "phone";
type Scheme = "light" | "dark";
const roleOrder = ["visitor", "customer", "advocate", "staff", "admin"] as const satisfies readonly Role[];

/**
 * Which sizes and schemes a page is checked in as a role. Every page is
 * checked as every role that sees it, always in both schemes and at both
 * sizes. A page that several roles see takes the four size-and-scheme pairs
 * in turns, two per role (desktop light + phone dark, or desktop dark +
 * phone light), so across its roles it meets all four; a page only one role
 * sees gets all four at once. This halves the suite's slowest part without
 * leaving a combination unchecked.
 */
function runsFor(role: Role, path: string, index: number): [Size, Scheme][] {
  const roles = roleOrder.filter((r) => pagesFor[r]().includes(path));
  if (roles.length < 2) return [["desktop", "light"], ["desktop", "dark"], ["phone", "light"], ["phone", "dark"]];
  return (index + roleOrder.indexOf(role)) % 2 === 0 ? [["desktop", "light"], ["phone", "dark"]] : [["desktop", "dark"], ["phone", "light"]];
}

/** Serious and critical violations only, each as "rule: where", so a failure names what to fix. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${n.failureSummary?.split("\n").slice(1, 2).join("").trim()})`));
}

/** The page has loaded and React has hydrated it (root.tsx marks <html>), so hydration errors have been logged. */
async function hydrated(page: Page) {
  await page.waitForLoadState("load");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Two frames (or 100 ms at most): the page has laid itself out at a new size or scheme before it is measured. */
function settled(page: Page) {
  return page.evaluate(
    () => new Promise((done) => {
      setTimeout(done, 100);
      requestAnimationFrame(() => requestAnimationFrame(() => done(null)));
    }),
  );
}

/** How far the page is wider than the screen, and the chain of elements that makes it so (hiding the last one fits the page). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const excess = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const wider = excess();
    const chain: string[] = [];
    for (let node: Element = document.body; wider > 0; ) {
      const culprit = [...node.children].find((child) => {
        const el = child as HTMLElement;
        const display = el.style.display;
        el.style.display = "none";
        const fits = excess() <= 0;
        el.style.display = display;
        return fits;
      });
      if (!culprit) break;
      const box = culprit.getBoundingClientRect();
      chain.push(`${culprit.tagName.toLowerCase()}.${String(culprit.className).split(" ").slice(0, 4).join(".")} [${Math.round(box.left)}-${Math.round(box.right)}]`);
      node = culprit;
    }
    return { wider, chain: chain.join(" > ") };
  });
}

describe("every main page", () => {
  for (const role of roleOrder) {
    it(`passes axe-core in light and dark mode at desktop and phone sizes, fits the phone and logs no error, as ${role === "visitor" ? "a visitor" : `${role === "admin" || role === "advocate" ? "an" : "a"} ${role}`}`, async () => {
      // reducedMotion: the pages then switch colours at once, so axe never measures a button mid-transition.
      const { context } = await browser.newPage({ viewport: desktop, reducedMotion: "reduce", timezoneId: "UTC" });
      const url = inject("env").baseUrl;
      // The zone cookie is set already, so no page reloads its data (and dims its list) while axe reads it.
      await context.addCookies([{ name: "tz", value: "UTC", url }]);
      const cookie = cookies[role];
      if (cookie) {
        const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
        await context.addCookies([{ name, value, url }]);
      }
      const errors: string[] = [];
      const found: string[] = [];
      const queue = pagesFor[role]().map((path, index) => ({ path, runs: runsFor(role, path, index) }));
      // Two tabs at a time: axe's colour checks are the slow part and each tab's run on its own core.
      await Promise.all(
        [0, 1].map(async () => {
          const page = await context.newPage();
          page.on("console", (m) => {
            // A page meant to answer 400 makes Chromium log the status it loaded with; that is the page working.
            const expectedLoad = expectedStatus[new URL(page.url()).pathname + new URL(page.url()).search] && /status of 400/.test(m.text());
            if (m.type() === "error" && !expectedLoad) errors.push(`${page.url()}: ${m.text()}`);
          });
          page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
          for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            const { path, runs } = next;
            await page.setViewportSize(desktop);
            await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
            const res = await page.goto(path);
            expect(res?.status(), `${path} as ${role}`).toBe(expectedStatus[path] ?? 200);
            await hydrated(page);
            let scheme: Scheme = "light";
            for (const [size, colorScheme] of runs) {
              await page.setViewportSize(size === "phone" ? phone : desktop);
              if (colorScheme !== scheme) {
                // Loaded afresh in the other scheme: Chromium can keep a colour or two from before a live switch.
                await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
                await page.reload();
                await hydrated(page);
                scheme = colorScheme;
              }
              await settled(page);
              for (const v of await seriousViolations(page)) found.push(`${path} (${role}, ${size}, ${colorScheme}) ${v}`);
            }
            // Every page as every role fits the phone, whichever runs it had.
            await page.setViewportSize(phone);
            await settled(page);
            const { wider, chain } = await overflow(page);
            if (wider > 0) found.push(`${path} (${role}, phone): ${wider} px wider than the screen, because of ${chain}`);
          }
        }),
      );
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    }, 600_000);
  }
});
