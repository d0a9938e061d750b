import type { InputHTMLAttributes, ReactNode } from "react";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  errorId?: string;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string };
}

/** A labelled input with its error messages announced to screen readers. */
export function Field({ label, hint, errors, errorId, inputProps }: FieldProps) {
  const { key, ...props } = inputProps;
  const id = props.id;
  const messageId = errorId ?? `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        key={key}
        className="input"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? messageId : undefined}
        {...props}
      />
      {hint && !invalid ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <FieldErrors id={messageId} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-sm text-rose-600" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

export function FormError({ errors }: { errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700">
      {errors.join(" ")}
    </div>
  );
}
