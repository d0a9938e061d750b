import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { categoriesPage } from "~/domain/categories/categories-page.server";
import { createCategory, updateCategory } from "~/domain/categories/manage.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue, type FormReply } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Categories", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await categoriesPage(signedIn(args))));
}

// An empty slug is made from the name; an empty visibility keeps what it was (or public).
const fields = { name: text(), slug: optionalText(), description: text(), visibility: optionalText() };
const schema = z.discriminatedUnion("intent", [intent("create", fields), intent("update", { editing: text(), ...fields })]);

const handlers = {
  async create({ value, args, done }) {
    const category = await createCategory(signedIn(args), value);
    return done({ message: `Saved “${category.name}”.` });
  },
  async update({ value, args, done }) {
    const { editing, ...input } = value;
    const category = await updateCategory(signedIn(args), editing, input);
    return done({ message: `Saved “${category.name}”.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

const visibilityLabels: Record<string, string> = {
  public: "Public",
  advocates: "Advocates and staff",
  staff: "Staff only",
};

type Values = Partial<Record<"name" | "slug" | "description" | "visibility", string>>;

/** What was typed into a form that came back with errors. */
function typedCategory(reply: FormReply): Values {
  return { name: typedValue(reply, "name"), slug: typedValue(reply, "slug"), description: typedValue(reply, "description"), visibility: typedValue(reply, "visibility") };
}

function CategoryForm({ editing, defaults, errors }: { editing?: string; defaults?: Values; errors?: Record<string, string[]> }) {
  const busy = useNavigation().state === "submitting";
  const id = editing ?? "new";
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto_auto] sm:items-start">
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? <input type="hidden" name="editing" value={editing} /> : null}
      <div>
        <label htmlFor={`name-${id}`} className="sr-only">
          Name
        </label>
        <input id={`name-${id}`} name="name" defaultValue={defaults?.name} placeholder="Name" className="input" aria-invalid={errors?.name ? true : undefined} />
        <FieldErrors errors={errors?.name} />
      </div>
      <div>
        <label htmlFor={`slug-${id}`} className="sr-only">
          Slug
        </label>
        <input id={`slug-${id}`} name="slug" defaultValue={defaults?.slug} placeholder="slug (optional)" className="input" aria-invalid={errors?.slug ? true : undefined} />
        <FieldErrors errors={errors?.slug} />
      </div>
      <div>
        <label htmlFor={`description-${id}`} className="sr-only">
          Description
        </label>
        <input id={`description-${id}`} name="description" defaultValue={defaults?.description} placeholder="What belongs here" className="input" />
        <FieldErrors errors={errors?.description} />
      </div>
      <div>
        <label htmlFor={`visibility-${id}`} className="sr-only">
          Who may read it
        </label>
        <select
          id={`visibility-${id}`}
          name="visibility"
          defaultValue={defaults?.visibility ?? "public"}
          className="input"
          aria-invalid={errors?.visibility ? true : undefined}
        >
          {Object.entries(visibilityLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <FieldErrors errors={errors?.visibility} />
      </div>
      <button type="submit" className={editing ? "btn-secondary" : "btn-primary"} disabled={busy}>
        {editing ? "Save" : "Add category"}
      </button>
    </Form>
  );
}

export default function AdminCategories() {
  const { categories } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const created = replyFor(data, "create");
  const updated = replyFor(data, "update");
  const errors = errorsOf(created ?? updated);
  const message = data && "message" in data ? data.message : null;
  // The form that failed keeps what was typed and shows its messages; the others show what is saved.
  const failedNew = created && errors.failed ? created : undefined;
  const failedEdit = updated && errors.failed ? { slug: typedValue(updated, "editing"), values: typedCategory(updated) } : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Categories</h1>
        <p className="text-sm text-slate-600">
          The brand's products and areas. Customers pick one when they ask. A private category (advocates and staff, or
          staff only) is hidden from everyone else: lists, search, question pages and live updates.
        </p>
      </div>
      {message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {message}
        </div>
      ) : null}
      <FormError errors={errors.form} />
      <section className="card space-y-3 p-5">
        <h2 className="font-semibold text-slate-900">New category</h2>
        <CategoryForm defaults={failedNew ? typedCategory(failedNew) : undefined} errors={failedNew ? errors.fields : undefined} />
      </section>
      <section className="card divide-y divide-slate-100">
        {categories.map((c) => (
          <div key={c.id} className="space-y-2 p-5">
            <p className="text-xs text-slate-500">
              {c.questionCount} questions · /questions?category={c.slug} · {visibilityLabels[c.visibility]}
            </p>
            <CategoryForm
              editing={c.slug}
              defaults={failedEdit?.slug === c.slug ? failedEdit.values : { name: c.name, slug: c.slug, description: c.description, visibility: c.visibility }}
              errors={failedEdit?.slug === c.slug ? errors.fields : undefined}
            />
          </div>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
