/**
 * The outbox as admins read it (/admin/mail and GET /api/v1/mail): every
 * message the forum queued, where it went, and, with no SMTP server (the
 * embedded default), the message itself read back from its .eml file, so a
 * newcomer sees exactly what would have been sent. A test message checks the
 * set-up from the same page.
 */
import { and, desc, eq, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { z } from "zod";
import { db } from "#db/client.server";
import { mailMessages, mailStatuses, type MailMessage } from "#db/schema";
import { canReadMailOutbox, ensure, ensureSignedIn, type Actor } from "~/auth/policies";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { decodeCursor, encodeCursor } from "~/domain/questions/cursor";
import { parseInput } from "~/domain/validate";
import { queueMail } from "./queue.server";
import { mailTemplateNames, secretTemplates } from "./templates.server";
import { readOutboxFile, usesSmtp } from "./transport.server";

const PAGE = 50;

const filterSchema = z.object({
  to: z.string().trim().max(254, "Search at most 254 characters.").optional(),
  template: z.enum(mailTemplateNames, { errorMap: () => ({ message: `A template is one of ${mailTemplateNames.join(", ")}.` }) }).optional(),
  status: z.enum(mailStatuses, { errorMap: () => ({ message: `A status is one of ${mailStatuses.join(", ")}.` }) }).optional(),
  cursor: z.string().max(200).optional(),
});

function readable(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  ensure(canReadMailOutbox(me), "Only admins read the mail outbox.");
  return me;
}

export interface OutboxEntry {
  id: string;
  to: string;
  template: string;
  status: MailMessage["status"];
  subject: string | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  /** The message can be opened here: it was written to the outbox directory. */
  readable: boolean;
}

function present(row: MailMessage): OutboxEntry {
  return {
    id: row.id,
    to: row.to,
    template: row.template,
    status: row.status,
    subject: row.subject,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    readable: Boolean(row.deliveredAs?.endsWith(".eml")),
  };
}

const blankToUndefined = (input: unknown) =>
  input && typeof input === "object" ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== "" && v !== undefined)) : input;

// PostgreSQL's own text for the time keeps its microseconds in the cursor.
const createdText = sql<string>`${mailMessages.createdAt}::text`;

/** One page of the outbox, newest first, filtered by recipient, template and status. */
export async function mailOutbox(actor: Actor | null, input: unknown) {
  readable(actor);
  const filters = parseInput(filterSchema, blankToUndefined(input ?? {}));
  const where: SQL[] = [];
  if (filters.to) where.push(ilike(mailMessages.to, `%${filters.to.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (filters.template) where.push(eq(mailMessages.template, filters.template));
  if (filters.status) where.push(eq(mailMessages.status, filters.status));
  if (filters.cursor) {
    const after = decodeCursor(filters.cursor);
    if (!after) throw new ValidationError({ cursor: ["This page link is broken: start from the first page."] });
    const at = sql`${after.at}::timestamptz`;
    where.push(or(lt(mailMessages.createdAt, at), and(eq(mailMessages.createdAt, at), lt(mailMessages.id, after.id)))!);
  }
  const rows = await db()
    .select({ row: mailMessages, at: createdText })
    .from(mailMessages)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(PAGE + 1);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    messages: page.map((r) => present(r.row)),
    nextCursor: rows.length > PAGE && last ? encodeCursor(last.at, last.row.id) : null,
    filters: { to: filters.to ?? "", template: filters.template ?? "", status: filters.status ?? "" },
    transport: usesSmtp() ? ("smtp" as const) : ("files" as const),
  };
}

/** One message, with its text and HTML parts when its .eml file is there to read. */
export async function mailOutboxMessage(actor: Actor | null, id: string) {
  readable(actor);
  const [row] = await db().select().from(mailMessages).where(eq(mailMessages.id, id));
  if (!row) throw new NotFoundError("There is no such message in the outbox.");
  const raw = row.deliveredAs?.endsWith(".eml") ? await readOutboxFile(row.deliveredAs) : null;
  const parsed = raw ? await simpleParser(raw) : null;
  // A reset or verification link opens its recipient's account: admins see the message, not a working link.
  const shown = (body: string) => (secretTemplates.has(row.template) ? body.replace(/token=[A-Za-z0-9_%-]+/g, "token=(hidden)") : body);
  const header = (name: string) => {
    const value = parsed?.headers.get(name);
    return typeof value === "string" ? value : null;
  };
  return {
    message: present(row),
    content: parsed
      ? {
          from: parsed.from?.text ?? null,
          date: parsed.date?.toISOString() ?? null,
          text: shown(parsed.text ?? ""),
          html: typeof parsed.html === "string" ? shown(parsed.html) : null,
          listUnsubscribe: parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/^[^:]+:\s*/, "") ?? null,
          messageId: header("message-id"),
        }
      : null,
  };
}

const testSchema = z.object({
  to: z.string({ required_error: "Enter the address to send the test to." }).trim().max(254, "That email address is too long.").email("Enter a valid email address."),
});

/** Queues the "mail works" message to an address, as any other mail goes (the outbox, the job, the transport). */
export async function sendTestMail(actor: Actor | null, input: unknown) {
  const me = readable(actor);
  const { to } = parseInput(testSchema, input ?? {});
  const [id] = await transact((tx) => queueMail(tx, [{ userId: null, to, template: "test", data: { note: `${me.username} sent this from the mail outbox to check that mail from the forum arrives.` } }]));
  return { id, to };
}
