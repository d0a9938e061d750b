import type { TextareaHTMLAttributes } from "react";
import { FieldErrors } from "~/components/Field";

/**
 * The first categories as lines of one textarea: editing the prefilled list
 * (add, drop, rename, reorder) needs no script and no extra buttons.
 */
export function CategoryLines({
  errors,
  textareaProps,
}: {
  errors?: string[];
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; key?: string };
}) {
  const { key, ...props } = textareaProps;
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="space-y-1.5">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-700">
        First categories
      </label>
      <p id={hintId} className="text-xs text-slate-600">
        One a line, in the order members see them. Staff can add, rename and reorder them later.
      </p>
      <textarea key={key} rows={5} className="input" {...props} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${hintId} ${errorId}` : hintId} />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
