import { ConflictError, isDomainError, ValidationError } from "~/domain/errors";
import { throwAsResponse } from "./guards.server";

/** What the person typed, to refill a form that came back with errors. */
export function formValues(form: FormData, names: string[]) {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = form.get(n);
    if (typeof v === "string") out[n] = v;
  }
  return out;
}

export interface FormFailure {
  formErrors: string[];
  fields: Record<string, string[]>;
  status: number;
  headers: Record<string, string>;
}

/**
 * What a failed form submission shows: field messages for bad input or a
 * conflict, a message for other refusals. Being signed out, forbidden or
 * pointing at nothing are page-level answers, so they go to the ErrorBoundary.
 */
export function formFailure(err: unknown): FormFailure {
  if (!isDomainError(err) || err.status === 401 || err.status === 403 || err.status === 404) throwAsResponse(err);
  const headers: Record<string, string> = "retryAfterSeconds" in err ? { "Retry-After": String(err.retryAfterSeconds) } : {};
  if (err instanceof ValidationError || err instanceof ConflictError) {
    const { _form, ...fields } = err.fields ?? {};
    return { formErrors: _form ?? (err instanceof ConflictError && !err.fields ? [err.message] : []), fields, status: err.status, headers };
  }
  return { formErrors: [err.message], fields: {}, status: err.status, headers };
}
