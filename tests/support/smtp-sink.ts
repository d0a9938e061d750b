import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, for tests that read the forum's mail. */
export async function startSmtpSink() {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) });
        for (const w of [...waiters]) if (received.length >= w.count) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Messages sent to `address`, oldest first. */
    to: (address: string) => received.filter((m) => m.to.includes(address)),
    /** Resolves once `count` messages have arrived in all (rejects after `ms`). */
    waitFor: (count: number, ms = 10_000) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`smtp sink: ${received.length} of ${count} messages after ${ms} ms`)), ms);
            waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text whose path starts with `path`. */
export function linkIn(mail: ParsedMail, path: string): URL {
  const found = (mail.text ?? "").match(/https?:\/\/\S+/g)?.map((u) => new URL(u)).find((u) => u.pathname.startsWith(path));
  if (!found) throw new Error(`no ${path} link in: ${mail.text}`);
  return found;
}
