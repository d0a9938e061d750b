import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { mailMessages } from "#db/schema";
import { resetConfigForTests } from "~/config.server";
import { queueMail } from "~/domain/mail/queue.server";
import { readUnsubscribeToken, unsubscribeToken } from "~/domain/mail/links.server";
import { closeMailTransport, mailDir } from "~/domain/mail/transport.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { useTestDatabase } from "../support/db";
import { startSmtpSink } from "../support/smtp-sink";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-mail-"));
useTestDatabase({ DATA_DIR: dataDir });

async function statusOf(id: string) {
  const [row] = await db().select().from(mailMessages).where(eq(mailMessages.id, id));
  return row;
}

describe("the mail outbox", () => {
  it("writes one .eml file per message under DATA_DIR/mail when no SMTP server is set", async () => {
    const [id] = await db().transaction((tx) => queueMail(tx, [{ userId: null, to: "someone@example.test", template: "test", data: { note: "Hello from the outbox." } }]));
    expect((await statusOf(id)).status).toBe("queued");
    await runQueuedJobs("mail.send");
    const row = await statusOf(id);
    expect(row.status).toBe("sent");
    expect(mailDir()).toBe(path.join(dataDir, "mail"));
    const file = fs.readFileSync(path.join(mailDir(), row.deliveredAs!), "utf8");
    expect(file).toMatch(/^To: someone@example\.test$/m);
    expect(file).toMatch(/^Subject: Mail from your community works$/m);
    expect(file).toContain("Hello from the outbox.");
    expect(file).toMatch(/Content-Type: text\/html/);
  });

  it("queues nothing when the transaction that asked for mail rolls back", async () => {
    const before = (await db().select().from(mailMessages)).length;
    await expect(
      db().transaction(async (tx) => {
        await queueMail(tx, [{ userId: null, to: "rollback@example.test", template: "test" }]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await db().select().from(mailMessages)).length).toBe(before);
  });

  describe("through SMTP", () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    beforeAll(async () => {
      sink = await startSmtpSink();
      resetConfigForTests({ NODE_ENV: "test", DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_FROM: "Nimbus Community <community@nimbus.test>" });
    });
    afterAll(async () => {
      closeMailTransport();
      await sink.close();
    });

    it("delivers plain text and HTML parts from MAIL_FROM", async () => {
      const [id] = await db().transaction((tx) => queueMail(tx, [{ userId: null, to: "smtp@example.test", template: "test" }]));
      await runQueuedJobs("mail.send");
      await sink.waitFor(1);
      const [mail] = sink.to("smtp@example.test");
      expect(mail.parsed.from?.text).toBe('"Nimbus Community" <community@nimbus.test>');
      expect(mail.parsed.text).toContain("mail from the forum reaches this address");
      expect(String(mail.parsed.html)).toContain("mail from the forum reaches this address");
      expect((await statusOf(id)).status).toBe("sent");
    });

    it("marks a message failed with the reason when the server refuses it, and sends it on a later try", async () => {
      closeMailTransport();
      await sink.close();
      const [id] = await db().transaction((tx) => queueMail(tx, [{ userId: null, to: "retry@example.test", template: "test" }]));
      await expect(runQueuedJobs("mail.send")).rejects.toThrow(/will be retried/);
      const failed = await statusOf(id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
      sink = await startSmtpSink();
      resetConfigForTests({ NODE_ENV: "test", DATA_DIR: dataDir, SMTP_URL: sink.url });
      const { sendMailJobs } = await import("~/domain/mail/send.server");
      await sendMailJobs([{ mailId: id }]);
      await sink.waitFor(1);
      expect(sink.to("retry@example.test")).toHaveLength(1);
      expect((await statusOf(id)).status).toBe("sent");
      // A second run of the same job sends nothing twice.
      await sendMailJobs([{ mailId: id }]);
      expect(sink.to("retry@example.test")).toHaveLength(1);
    });
  });
});

describe("unsubscribe links", () => {
  it("name their member and scope, and refuse any change", async () => {
    const token = await unsubscribeToken("user_1", "kind:answer");
    expect(await readUnsubscribeToken(token)).toEqual({ userId: "user_1", scope: "kind:answer" });
    expect(await readUnsubscribeToken(token.replace("user_1", "user_2"))).toBeNull();
    expect(await readUnsubscribeToken(token.replace("kind:answer", "all"))).toBeNull();
    expect(await readUnsubscribeToken("nonsense")).toBeNull();
  });
});
