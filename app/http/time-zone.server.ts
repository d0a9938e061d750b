/**
 * The zone a page writes times in: the member's stored choice, else the
 * browser's (the `tz` cookie its script sets, see TimeZoneCookie), else UTC.
 * Read once per request on the server, so the HTML already shows local times
 * and the browser hydrates to the same text.
 */
import type { RequestAuth } from "~/auth/authenticate.server";
import { DEFAULT_TIME_ZONE, isTimeZone } from "~/format";
import { readCookie } from "./cookies";

export const TZ_COOKIE = "tz";

export function browserTimeZone(request: Request) {
  return timeZoneFromCookies(request.headers.get("cookie"));
}

/** The zone a Cookie header names, when it names a real one (the page cache keys on it too). */
export function timeZoneFromCookies(header: string | null | undefined) {
  const raw = readCookie(header, TZ_COOKIE);
  if (raw === undefined) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return isTimeZone(value) ? value : null;
}

export function viewerTimeZone(request: Request, auth: Pick<RequestAuth, "timeZone">) {
  return auth.timeZone ?? browserTimeZone(request) ?? DEFAULT_TIME_ZONE;
}
