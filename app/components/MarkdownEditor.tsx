import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FieldErrors } from "./Field";

interface Props {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  errors?: string[];
  rows?: number;
  placeholder?: string;
  /** Server-rendered preview, for browsers without JavaScript. */
  previewHtml?: string | null;
}

/** A Markdown textarea with a live preview rendered by the server's own sanitiser. */
export function MarkdownEditor({ id, name, label, defaultValue = "", errors, rows = 8, placeholder, previewHtml }: Props) {
  const [value, setValue] = useState(defaultValue);
  const preview = useFetcher<{ html: string }>();
  const { submit } = preview;
  useEffect(() => {
    if (!value.trim()) return;
    const t = setTimeout(() => submit({ body: value }, { method: "post", action: "/resources/preview" }), 300);
    return () => clearTimeout(t);
  }, [value, submit]);
  const html = value.trim() ? (preview.data?.html ?? previewHtml) : previewHtml;
  const invalid = Boolean(errors?.length);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : `${id}-hint`}
        className="input font-mono text-[13px] leading-relaxed"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Markdown: **bold**, _italic_, `code`, ``` fenced blocks ```, [links](https://…), lists. @name mentions someone.
      </p>
      <FieldErrors id={`${id}-error`} errors={errors} />
      {html ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4" aria-live="polite">
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Preview</p>
          <div className="prose-forum" data-testid={`${id}-preview`} dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      ) : null}
    </div>
  );
}
