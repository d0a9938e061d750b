import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { QuestionFields } from "~/components/QuestionFields";
import { editQuestion } from "~/domain/questions/edit.server";
import { getQuestion } from "~/domain/questions/get.server";
import { formFailure, formValues } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Edit question · Nimbus Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    const { question } = await getQuestion(actor, params.id ?? "");
    if (!question.can.edit) throw new Response("Only the author or staff can edit this question.", { status: 403 });
    return json({ question: { id: question.id, title: question.title, body: question.body, tags: question.tags.join(", ") } });
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsResponse(err);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const values = formValues(form, ["title", "body", "tags"]);
  try {
    const { question } = await editQuestion(actor, params.id ?? "", values);
    return redirect(question.url);
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json({ values, ...errors }, { status, headers });
  }
}

export default function EditQuestion() {
  const { question } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Edit question</h1>
      <Form method="post" className="card space-y-5 p-6" noValidate>
        <FormError errors={data?.formErrors} />
        <QuestionFields values={data?.values ?? question} errors={(data?.fields ?? {}) as Record<string, string[]>} />
        <p className="text-xs text-slate-500">Every edit is kept in the question's history.</p>
        <div className="flex gap-3">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Saving…" : "Save changes"}
          </button>
          <Link to={`/q/${question.id}`} className="btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
