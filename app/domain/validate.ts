import { z } from "zod";
import { ConflictError, ValidationError, type FieldErrors } from "./errors";

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

// NUL, which PostgreSQL refuses in text (a 500 if it got that far), and lone
// UTF-16 surrogates, which would be stored silently changed.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The fields (by path) whose text could not be stored as sent. */
export function unstorableFields(input: unknown, path: string[] = [], found: FieldErrors = {}, depth = 0): FieldErrors {
  if (typeof input === "string") {
    if (UNSTORABLE.test(input)) found[path.length ? path.join(".") : "_form"] = ["This contains a character that cannot be stored (a NUL byte or a broken character)."];
  } else if (input && typeof input === "object" && depth < 20) {
    for (const [key, value] of Object.entries(input)) unstorableFields(value, [...path, key], found, depth + 1);
  }
  return found;
}

/** Text that is safe to hand to the database as an id or a lookup key. */
export function isStorableText(value: string) {
  return !UNSTORABLE.test(value);
}

/** Parses a domain function's input; bad input becomes a ValidationError (400), never a 500. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const unstorable = unstorableFields(input);
  if (Object.keys(unstorable).length) throw new ValidationError(unstorable);
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsOf(result.error));
  return result.data;
}

/**
 * A whole number as JSON sends it (a number) or as a form sends it (its
 * digits). Nothing else passes: `null`, `false`, `true` and `""` are not
 * zero or one (coercion would read them so, and change data).
 */
export function wholeNumber(message: string) {
  return z
    .union([z.number(), z.string().trim().regex(/^-?\d+$/).transform(Number)], { errorMap: () => ({ message }) })
    .pipe(z.number().int(message));
}

/** One of a few whole numbers, from JSON or a form (votes). */
export function oneOf<const T extends readonly number[]>(values: T, message: string) {
  return wholeNumber(message).refine((v): v is T[number] => values.includes(v), message);
}

/**
 * A date PostgreSQL stores and every client reads back: years 1 to 9999
 * (JavaScript accepts +275760-09-13, which no ISO reader after us does).
 */
export function storableDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < 1 || year > 9999 ? null : d;
}

/** A moment as JSON sends it (an ISO string) or a Date; not a number, a boolean or null. */
export function moment(message: string) {
  return z
    .union([z.string().trim().min(1), z.date()], { errorMap: () => ({ message }) })
    .transform((v, ctx) => storableDate(v) ?? (ctx.addIssue({ code: z.ZodIssueCode.custom, message }), z.NEVER));
}

/**
 * A form's or client's idempotency key: the same author sending the same key
 * twice gets the first result back instead of a second row (the tables hold a
 * unique index on author and key, so even a racing double submit writes once).
 */
export const clientKeySchema = z
  .string()
  .trim()
  .min(8, "A client key has 8 to 64 characters.")
  .max(64, "A client key has 8 to 64 characters.")
  .regex(/^[A-Za-z0-9_-]+$/, "A client key has only letters, digits, - and _.")
  .optional();

/** A client key sent again with different content: refused, naming the field, rather than answered with the first result. */
export function clientKeyReused(what: string) {
  const message = `This client key was used for another ${what}.`;
  return new ConflictError(message, { clientKey: [message] });
}
