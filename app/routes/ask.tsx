import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { QuestionFields } from "~/components/QuestionFields";
import { listCategories } from "~/domain/categories/categories.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, isDomainError, ValidationError } from "~/domain/errors";
import { askQuestion } from "~/domain/questions/ask.server";
import { fieldsOf, formValues } from "~/http/form-values";
import { requireSignedIn } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Ask a question · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSignedIn(request, context);
  const categories = await listCategories();
  return json({ categories: categories.map((c) => ({ slug: c.slug, name: c.name })), category: new URL(request.url).searchParams.get("category") ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const values = formValues(form, ["title", "body", "category", "tags"]);
  if (form.get("intent") === "preview") {
    return json({ values, formErrors: [] as string[], fields: {}, previewHtml: renderMarkdown(values.body ?? "") });
  }
  try {
    const { question } = await askQuestion(actor, values);
    return redirect(question.url);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const errors = err instanceof ValidationError || err instanceof ConflictError ? fieldsOf(err.fields ?? {}) : { formErrors: [err.message], fields: {} };
    const headers: HeadersInit = "retryAfterSeconds" in err ? { "Retry-After": String(err.retryAfterSeconds) } : {};
    return json({ values, ...errors, previewHtml: null }, { status: err.status, headers });
  }
}

export default function Ask() {
  const { categories, category } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Ask the community</h1>
        <p className="mt-1 text-sm text-slate-600">
          Owners, advocates and the Nimbus team answer here. A clear title and the steps you tried get the fastest answers.
        </p>
      </div>
      <Form method="post" className="card space-y-5 p-6" noValidate>
        <FormError errors={data?.formErrors} />
        <QuestionFields
          values={data?.values ?? { category }}
          errors={(data?.fields ?? {}) as Record<string, string[]>}
          categories={categories}
          previewHtml={data?.previewHtml}
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Posting…" : "Post your question"}
          </button>
          <noscript>
            <button type="submit" name="intent" value="preview" className="btn-secondary">
              Preview
            </button>
          </noscript>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
