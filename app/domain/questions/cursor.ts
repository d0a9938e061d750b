import { storableDate } from "~/domain/validate";

/**
 * Opaque list cursors: the sort key of the last row on the page. The time is
 * PostgreSQL's own text for the timestamp, so microseconds survive the trip.
 */
export function encodeCursor(at: string, id: string) {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { at: string; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!id || !at || !storableDate(at)) return null;
  return { at, id };
}
