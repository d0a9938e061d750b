/**
 * How the forum writes counts, numbers and times: one place, on the server
 * and in the browser alike, so a page never says "1 times", "an staff
 * member" or "3175" where another says "3,175", and the server's HTML and
 * the hydrated page agree to the character (both format with the same locale
 * and the same explicit time zone, never the machine's).
 */

export const LOCALE = "en";

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
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { ...options, timeZone });
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export interface TimeOptions {
  /** "full": "Tuesday, 1 December 2026 at 10:00"; "medium": "1 Dec 2026, 10:00"; "date": "1 Dec 2026"; "time": "10:00". */
  style?: "full" | "medium" | "date" | "time";
  /** Name the zone after the time: "10:00 PST". On by default; a date alone never names one. */
  zone?: boolean;
}

const styles: Record<NonNullable<TimeOptions["style"]>, Intl.DateTimeFormatOptions> = {
  full: { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  medium: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  date: { day: "numeric", month: "short", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
};

/** The zone's short name at that instant: "PST" or "PDT" for Los Angeles, "GMT+1" where English has no abbreviation. */
export function zoneAbbreviation(at: Date | string, timeZone: string) {
  const part = formatter(timeZone, { timeZoneName: "short" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
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
  const text = formatter(zone, styles[style]).format(date);
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
  // The zone's offset near that wall time, then once more at the corrected instant (offsets change at DST).
  let instant = asUtc - offsetAt(asUtc, timeZone);
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant);
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
