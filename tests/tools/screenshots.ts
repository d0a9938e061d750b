/**
 * The README's pictures, taken from a running forum (seeded, so it shows a
 * living community): `npm run screenshots -- --base http://localhost:3000`.
 * Desktop and phone, signed in as a customer as a returning member sees it.
 */
import path from "node:path";
import { chromium } from "playwright-core";
import { chromiumFlags } from "../support/chromium";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const base = option("base", "http://localhost:3000");
const login = option("login", "ben_k");
const password = option("password", "community-demo");
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../docs");

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumFlags, headless: true });
try {
  const shots = [
    { file: "screenshot-home.png", viewport: { width: 1280, height: 860 }, isMobile: false },
    { file: "screenshot-phone.png", viewport: { width: 390, height: 844 }, isMobile: true },
  ];
  for (const shot of shots) {
    const context = await browser.newContext({ baseURL: base, viewport: shot.viewport, isMobile: shot.isMobile, deviceScaleFactor: shot.isMobile ? 2 : 1, colorScheme: "light" });
    const page = await context.newPage();
    const res = await page.request.post("/api/v1/auth/login", { data: { login, password } });
    if (!res.ok()) throw new Error(`Could not sign in as ${login}: ${res.status()}`);
    await page.goto("/", { waitUntil: "networkidle" });
    await page.screenshot({ path: path.join(out, shot.file) });
    console.log(`wrote docs/${shot.file}`);
    await context.close();
  }
} finally {
  await browser.close();
}
