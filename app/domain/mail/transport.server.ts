/**
 * Where mail goes: the SMTP server named by SMTP_URL (pooled connections), or,
 * on the embedded default, one RFC 5322 `.eml` file per message under
 * DATA_DIR/mail, which admins read at /admin/mail. Both paths build the
 * message with nodemailer, so a file is exactly what SMTP would have carried.
 */
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { config } from "~/config.server";

let smtp: { url: string; transporter: Transporter } | undefined;
const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

export function mailDir() {
  return path.join(config().dataDir, "mail");
}

export function usesSmtp() {
  return Boolean(config().SMTP_URL);
}

function smtpTransport(url: string) {
  if (smtp?.url !== url) {
    smtp?.transporter.close();
    smtp = { url, transporter: nodemailer.createTransport(url.includes("pool=") ? url : `${url}${url.includes("?") ? "&" : "?"}pool=true`) };
  }
  return smtp.transporter;
}

/** Sends one message; returns where it went (the SMTP message id, or the file's name). */
export async function deliver(message: Mail.Options & { mailId: string }): Promise<string> {
  const { mailId, ...mail } = message;
  const url = config().SMTP_URL;
  if (url) {
    const info = await smtpTransport(url).sendMail(mail);
    return String(info.messageId ?? "");
  }
  const info = await fileTransport.sendMail(mail);
  const dir = mailDir();
  await fs.mkdir(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${mailId}.eml`;
  await fs.writeFile(path.join(dir, name), info.message as Buffer);
  return name;
}

/** The raw text of a message written to the outbox directory, or null (a name that is not a plain file there). */
export async function readOutboxFile(name: string): Promise<string | null> {
  if (!/^[\w-]+\.eml$/.test(name)) return null;
  try {
    return await fs.readFile(path.join(mailDir(), name), "utf8");
  } catch {
    return null;
  }
}

export function closeMailTransport() {
  smtp?.transporter.close();
  smtp = undefined;
}
