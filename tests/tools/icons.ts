/**
 * `npm run icons`: draws public/favicon.svg as the PNG icons browsers and phones ask for
 * (favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png), in Chromium, so the
 * icons never drift from the one drawing. Run it after changing the SVG; the results are committed.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { chromiumFlags } from "../support/chromium";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const pub = path.join(root, "public");
const svg = fs.readFileSync(path.join(pub, "favicon.svg"), "utf8");

/** An .ico file holding PNG images, which every browser since IE 11 reads. */
function ico(pngs: { size: number; data: Buffer }[]) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumFlags });
async function png(size: number, padded = false) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  // A phone's home screen crops its own corners: give it the square ground, not the rounded one.
  const inner = padded ? svg.replace(/rx="\d+"/, 'rx="0"') : svg;
  await page.setContent(`<html><body style="margin:0;background:transparent">${inner.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  const data = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return data;
}

fs.writeFileSync(path.join(pub, "favicon.ico"), ico([{ size: 16, data: await png(16) }, { size: 32, data: await png(32) }, { size: 48, data: await png(48) }]));
fs.writeFileSync(path.join(pub, "apple-touch-icon.png"), await png(180, true));
fs.writeFileSync(path.join(pub, "icon-192.png"), await png(192));
fs.writeFileSync(path.join(pub, "icon-512.png"), await png(512));
fs.writeFileSync(path.join(pub, "icon-maskable-512.png"), await png(512, true));
await browser.close();
console.log("Wrote favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png and icon-maskable-512.png in public/.");
