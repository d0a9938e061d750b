import fs from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { inject } from "vitest";

/**
 * The test server's mail outbox: with no SMTP_URL it writes each message as
 * an .eml file under DATA_DIR/mail (the embedded default), sent by its own
 * worker a moment after the change that queued it.
 */
export function outboxDir() {
  return path.join(inject("env").dataDir, "mail");
}

async function messagesTo(address: string) {
  const dir = outboxDir();
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".eml")).sort();
  const found: { name: string; parsed: ParsedMail }[] = [];
  for (const name of names) {
    const raw = fs.readFileSync(path.join(dir, name), "utf8");
    // Cheap filter first: most files are for someone else.
    if (!raw.toLowerCase().includes(address.toLowerCase())) continue;
    const parsed = await simpleParser(raw);
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));
    if (to.includes(address.toLowerCase())) found.push({ name, parsed });
  }
  return found;
}

/** Waits until `count` messages to `address` (those `match` picks) are in the outbox (rejects after `ms`), and returns them oldest first. */
export async function waitForOutbox(address: string, count = 1, ms = 20_000, match: (mail: ParsedMail) => boolean = () => true) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = (await messagesTo(address)).filter((f) => match(f.parsed));
    if (found.length >= count) return found.map((f) => f.parsed);
    if (Date.now() > deadline) throw new Error(`outbox: ${found.length} of ${count} messages to ${address} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Messages to `address` now, without waiting. */
export async function outboxTo(address: string) {
  return (await messagesTo(address)).map((f) => f.parsed);
}
