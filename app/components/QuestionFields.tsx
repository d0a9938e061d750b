import type { ReactNode } from "react";
import { FieldErrors } from "./Field";
import { MarkdownEditor } from "./MarkdownEditor";

interface Props {
  values: { title?: string; body?: string; category?: string; tags?: string };
  errors: Partial<Record<"title" | "body" | "category" | "tags", string[]>>;
  categories?: { slug: string; name: string }[];
  previewHtml?: string | null;
  /** Shown right under the title: the ask form's similar questions. */
  afterTitle?: ReactNode;
}

/** The fields of the ask and edit forms. */
export function QuestionFields({ values, errors, categories, previewHtml, afterTitle }: Props) {
  return (
    <>
      <div className="space-y-1.5">
        <label htmlFor="title" className="block text-sm font-medium text-slate-700">
          Title
        </label>
        <input
          id="title"
          name="title"
          defaultValue={values.title}
          maxLength={150}
          placeholder="e.g. Air Pro disconnects from my laptop every few minutes"
          className="input"
          aria-invalid={errors.title?.length ? true : undefined}
          aria-describedby={errors.title?.length ? "title-error" : "title-hint"}
        />
        <p id="title-hint" className="text-xs text-slate-500">
          15 to 150 characters: the problem in one sentence.
        </p>
        <FieldErrors id="title-error" errors={errors.title} />
      </div>
      {afterTitle}
      <MarkdownEditor
        id="body"
        name="body"
        label="Details"
        rows={10}
        defaultValue={values.body}
        errors={errors.body}
        previewHtml={previewHtml}
        placeholder="What did you try? Which product, firmware and phone or computer?"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        {categories ? (
          <div className="space-y-1.5">
            <label htmlFor="category" className="block text-sm font-medium text-slate-700">
              Category
            </label>
            <select
              id="category"
              name="category"
              defaultValue={values.category ?? ""}
              className="input"
              aria-invalid={errors.category?.length ? true : undefined}
              aria-describedby={errors.category?.length ? "category-error" : undefined}
            >
              <option value="" disabled>
                Choose a category
              </option>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
            <FieldErrors id="category-error" errors={errors.category} />
          </div>
        ) : null}
        <div className="space-y-1.5">
          <label htmlFor="tags" className="block text-sm font-medium text-slate-700">
            Tags
          </label>
          <input
            id="tags"
            name="tags"
            defaultValue={values.tags}
            placeholder="air-pro, bluetooth"
            className="input"
            aria-invalid={errors.tags?.length ? true : undefined}
            aria-describedby={errors.tags?.length ? "tags-error" : "tags-hint"}
          />
          <p id="tags-hint" className="text-xs text-slate-500">
            Up to 5, separated by commas or spaces.
          </p>
          <FieldErrors id="tags-error" errors={errors.tags} />
        </div>
      </div>
    </>
  );
}
