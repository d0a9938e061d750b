import type { FieldErrors } from "~/domain/errors";

/** What the person typed, to refill a form that came back with errors. */
export function formValues(form: FormData, names: string[]) {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = form.get(n);
    if (typeof v === "string") out[n] = v;
  }
  return out;
}

export function fieldsOf(errors: FieldErrors) {
  const { _form, ...fields } = errors;
  return { formErrors: _form ?? [], fields };
}
