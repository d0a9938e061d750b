import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { listCategories } from "~/domain/categories/categories.server";
import { createCategory, updateCategory } from "~/domain/categories/manage.server";
import { formFailure, formValues } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Categories · Admin · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    requirePermission(actor, "category:manage");
  } catch (err) {
    throwAsResponse(err);
  }
  return json({ categories: await listCategories() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const values = formValues(form, ["name", "slug", "description", "visibility"]);
  const editing = String(form.get("editing") ?? "");
  try {
    const input = { name: values.name, description: values.description, slug: values.slug || undefined, visibility: values.visibility || undefined };
    const category = editing ? await updateCategory(actor, editing, input) : await createCategory(actor, input);
    return json({ ok: true as const, message: `Saved “${category.name}”.`, editing: null, values: null, formErrors: [] as string[], fields: {} });
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json({ ok: false as const, message: null, editing: editing || null, values, ...errors }, { status, headers });
  }
}

const visibilityLabels: Record<string, string> = {
  public: "Public",
  advocates: "Advocates and staff",
  staff: "Staff only",
};

function CategoryForm({ editing, defaults, errors }: { editing?: string; defaults?: Record<string, string>; errors?: Record<string, string[]> }) {
  const busy = useNavigation().state === "submitting";
  const id = editing ?? "new";
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto_auto] sm:items-start">
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
  const fields = (data?.fields ?? {}) as Record<string, string[]>;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Categories</h1>
        <p className="text-sm text-slate-600">
          The brand's products and areas. Customers pick one when they ask. A private category (advocates and staff, or
          staff only) is hidden from everyone else: lists, search, question pages and live updates.
        </p>
      </div>
      {data?.message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {data.message}
        </div>
      ) : null}
      <FormError errors={data?.formErrors} />
      <section className="card space-y-3 p-5">
        <h2 className="font-semibold text-slate-900">New category</h2>
        <CategoryForm defaults={!data?.editing ? (data?.values ?? undefined) : undefined} errors={!data?.editing ? fields : undefined} />
      </section>
      <section className="card divide-y divide-slate-100">
        {categories.map((c) => (
          <div key={c.id} className="space-y-2 p-5">
            <p className="text-xs text-slate-500">
              {c.questionCount} questions · /questions?category={c.slug} · {visibilityLabels[c.visibility]}
            </p>
            <CategoryForm
              editing={c.slug}
              defaults={data?.editing === c.slug && data.values ? data.values : { name: c.name, slug: c.slug, description: c.description, visibility: c.visibility }}
              errors={data?.editing === c.slug ? fields : undefined}
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
