/**
 * How the forum writes counts, numbers and times: one place, on the server
 * and in the browser alike, so a page never says "1 times", "an staff
 * member" or "3175" where another says "3,175", and the server's HTML and
 * the hydrated page agree to the character (both format with the same locale
 * and the same explicit time zone, never the machine's).
 */

export const LOCALE = "en";
/** Dates read day-month-year with a 24-hour clock: the forum's house style since the first town hall page. */
const DATE_LOCALE = "en-GB";

const numbers = new Intl.NumberFormat(LOCALE);
const pluralRules = new Intl.PluralRules(LOCALE);

/** 3175 → "3,175". */
export function formatNumber(n: number) {
  return numbers.format(n);
}

/** +12 → "+12", -2 → "−2", 0 → "0": a change of points. */
export function formatSigned(n: number) {
  return new Intl.NumberFormat(LOCALE, { signDisplay: "exceptZero" }).format(n);
}

/** The regular English plural: answer → answers, reply → replies, breach → breaches. */
function pluralOf(noun: string) {
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** The noun for `n` of it: plural("answer", 1) → "answer"; pass `many` for irregular nouns. */
export function plural(n: number, one: string, many: string = pluralOf(one)) {
  return pluralRules.select(n) === "one" ? one : many;
}

/** count(3175, "answer") → "3,175 answers"; count(1, "time") → "1 time". */
export function count(n: number, one: string, many?: string) {
  return `${formatNumber(n)} ${plural(n, one, many)}`;
}

/** How often: 0 → "never", 1 → "once", 2 → "twice", 5 → "5 times". */
export function times(n: number) {
  if (n === 0) return "never";
  if (n === 1) return "once";
  if (n === 2) return "twice";
  return count(n, "time");
}

// Words that start with a vowel letter but not a vowel sound, and the reverse.
const consonantSound = /^(one\b|once|uni|use|usu|uti|eu|ewe)/i;
const vowelSound = /^(hour|honest|honou?r|heir)/i;

/** The indefinite article for a word: "a staff member", "an advocate", "an hour", "a user". */
export function article(phrase: string) {
  const word = phrase.trim();
  if (vowelSound.test(word)) return "an";
  if (consonantSound.test(word)) return "a";
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** withArticle("staff member") → "a staff member". */
export function withArticle(phrase: string) {
  return `${article(phrase)} ${phrase}`;
}

// ---- Times -----------------------------------------------------------------

/** The zone times are shown in when neither the member nor the browser has said. */
export const DEFAULT_TIME_ZONE = "UTC";

/** Whether the platform knows this IANA zone ("America/Los_Angeles" yes, "Mars/Olympus" no). */
// Building a formatter to test a zone costs far more than the formatting it guards: a page of
// thirty times checked its zone thirty times. The answers are kept (there are a few hundred zones).
const zoneVerdicts = new Map<string, boolean>();

export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !zone || zone.length > 64) return false;
  const known = zoneVerdicts.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneVerdicts.size < 2000) zoneVerdicts.set(zone, valid);
  return valid;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, locale = DATE_LOCALE) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export interface TimeOptions {
  /** "full": "Tuesday 1 December 2026, 10:00"; "medium": "1 Dec 2026, 10:00"; "date": "1 Dec 2026"; "time": "10:00". */
  style?: "full" | "medium" | "date" | "time";
  /** Name the zone after the time: "10:00 PST". On by default; a date alone never names one. */
  zone?: boolean;
}

const partsOptions: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** The pieces of a wall-clock time; the string is put together here, not by the platform's patterns, which differ between Node's and the browser's ICU. */
function wallParts(at: Date, timeZone: string) {
  const parts = formatter(timeZone, partsOptions).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = get("hour") === "24" ? "00" : get("hour");
  return { weekday: get("weekday"), day: get("day"), month: get("month"), year: get("year"), time: `${hour}:${get("minute")}` };
}

/** The zone's short name at that instant: "PST" or "PDT" for Los Angeles, "CET" for Berlin, "GMT+4" where English has none. */
export function zoneAbbreviation(at: Date | string, timeZone: string) {
  const name = (locale: string) =>
    formatter(timeZone, { timeZoneName: "short" }, locale)
      .formatToParts(new Date(at))
      .find((p) => p.type === "timeZoneName")?.value;
  // American English names the American zones, British English the European ones; else an offset.
  const us = name("en-US");
  if (us && !/^GMT[+-]/.test(us)) return us;
  return name("en-GB") ?? us ?? timeZone;
}

/**
 * One instant as a reader in `timeZone` reads it. Every time the forum shows
 * goes through here, with the viewer's zone (see `viewerTimeZone` in the
 * root loader), so the server and the browser write the same string.
 */
export function formatTime(at: Date | string, timeZone: string, options: TimeOptions = {}) {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const style = options.style ?? "medium";
  const date = new Date(at);
  const p = wallParts(date, zone);
  const day = style === "full" ? `${p.weekday} ${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month.slice(0, 3)} ${p.year}`;
  const text = style === "date" ? day : style === "time" ? p.time : `${day}, ${p.time}`;
  return options.zone === false || style === "date" ? text : `${text} ${zoneAbbreviation(date, zone)}`;
}

/**
 * The wall-clock time in `timeZone` typed into a `datetime-local` input
 * ("2026-12-01T10:00") as an instant: 10:00 typed in Los Angeles is 10:00
 * America/Los_Angeles, whatever zone the server runs in. Null when the text is
 * not such a time. A time that a daylight-saving jump skips moves forward by
 * the jump, as a wall clock would.
 */
export function zonedLocalToInstant(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m || !isTimeZone(timeZone)) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // The offsets in force a day either side; the first that reads back as the typed time wins
  // (the earlier of two in the hour a clock repeats). In the hour it skips neither does, and the
  // offset from before the jump carries the time forward, as a wall clock would.
  const candidates = [asUtc - offsetAt(asUtc - 86_400_000, timeZone), asUtc - offsetAt(asUtc + 86_400_000, timeZone)];
  const exact = candidates.find((c) => instantToZonedLocal(new Date(c), timeZone) === local.trim().slice(0, 16));
  return new Date(exact ?? candidates[0]);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string) {
  const parts = formatter(timeZone, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** An instant as the `datetime-local` value a reader in `timeZone` would type: the inverse of `zonedLocalToInstant`. */
export function instantToZonedLocal(at: Date | string, timeZone: string) {
  const parts = formatter(isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}
