import { and, desc, eq, getTableColumns, lt, or, sql, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { db } from "#db/client.server";
import { auditLog, auditTargetTypes, type AuditEntry, type AuditTargetType } from "#db/schema";
import { canReadAudit, ensure, ensureSignedIn, type Actor } from "~/auth/policies";
import { ValidationError } from "~/domain/errors";
import { decodeCursor, encodeCursor } from "~/domain/questions/cursor";
import { parseInput } from "~/domain/validate";
import { auditFilterSchema, type AuditFilters } from "./schemas";

const PAGE = 50;
/** A CSV export is one file a spreadsheet opens: the newest this many lines that match. */
export const CSV_LIMIT = 10_000;

export interface AuditEntryView {
  id: string;
  actor: { id: string | null; username: string };
  action: AuditEntry["action"];
  target: { type: AuditTargetType; id: string; label: string };
  at: string;
  data: Record<string, unknown>;
}

function present(row: AuditEntry & { atText: string }): AuditEntryView {
  return {
    id: row.id,
    actor: { id: row.actorId, username: row.actorName },
    action: row.action,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    at: new Date(row.at).toISOString(),
    data: row.data,
  };
}

function targetFilter(target: string): SQL {
  const [type, id] = target.split(":", 2);
  if (!(auditTargetTypes as readonly string[]).includes(type)) {
    throw new ValidationError({ target: [`Write a target as type or type:id; the types are ${auditTargetTypes.join(", ")}.`] });
  }
  const typed = eq(auditLog.targetType, type as AuditTargetType);
  return id ? and(typed, eq(auditLog.targetId, id))! : typed;
}

function conditions(filters: AuditFilters) {
  const where: SQL[] = [];
  if (filters.actor) where.push(eq(auditLog.actorName, filters.actor));
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.target) where.push(targetFilter(filters.target));
  return where;
}

function readFilters(actor: Actor | null, input: unknown) {
  const me = ensureSignedIn(actor);
  ensure(canReadAudit(me), "Only admins read the staff action log.");
  return parseInput(auditFilterSchema, input);
}

// PostgreSQL's own text for the time keeps its microseconds in the cursor.
const columns = { ...getTableColumns(auditLog), atText: sql<string>`${auditLog.at}::text` };

function newestFirst(where: SQL[], limit: number) {
  return db()
    .select(columns)
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/** One page of the log, newest first, with a keyset cursor that costs the same at any depth. */
export async function auditPage(actor: Actor | null, input: unknown) {
  const filters = readFilters(actor, input);
  const where = conditions(filters);
  if (filters.cursor) {
    const after = decodeCursor(filters.cursor);
    if (!after) throw new ValidationError({ cursor: ["This page link is broken: start from the first page."] });
    where.push(or(lt(auditLog.at, sql`${after.at}::timestamptz`), and(eq(auditLog.at, sql`${after.at}::timestamptz`), lt(auditLog.id, after.id)))!);
  }
  const rows = await newestFirst(where, PAGE + 1);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    entries: page.map(present),
    nextCursor: rows.length > PAGE && last ? encodeCursor(last.atText, last.id) : null,
    filters: { actor: filters.actor ?? "", action: filters.action ?? "", target: filters.target ?? "" },
  };
}

/** The same filters as a CSV file (newest first, at most CSV_LIMIT lines). */
export async function auditCsv(actor: Actor | null, input: unknown) {
  const filters = readFilters(actor, input);
  const rows = await newestFirst(conditions(filters), CSV_LIMIT);
  return stringify(
    rows.map(present).map((e) => [e.at, e.actor.username, e.action, e.target.type, e.target.id, e.target.label, JSON.stringify(e.data)]),
    { header: true, columns: ["at", "actor", "action", "target_type", "target_id", "target", "data"] },
  );
}
