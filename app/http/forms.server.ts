import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { ConflictError, isDomainError, ValidationError } from "~/domain/errors";

/**
 * Turns a domain error into the form's inline errors (a re-rendered form
 * that keeps what the person typed); anything unexpected propagates.
 */
export function replyWithDomainError<T>(submission: Submission<T>, err: unknown, options: { hideFields?: string[] } = {}) {
  if (!isDomainError(err)) throw err;
  const headers: HeadersInit = {};
  if (err.code === "rate_limited" && "retryAfterSeconds" in err) headers["Retry-After"] = String(err.retryAfterSeconds);
  const fields = err instanceof ValidationError || err instanceof ConflictError ? err.fields : undefined;
  const reply = fields
    ? submission.reply({ fieldErrors: fields, formErrors: fields._form, hideFields: options.hideFields })
    : submission.reply({ formErrors: [err.message], hideFields: options.hideFields });
  return json(reply, { status: err.status, headers });
}

/** Only same-site paths, so a crafted link cannot bounce someone elsewhere after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
