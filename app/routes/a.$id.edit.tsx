import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { canEditPost } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { MarkdownEditor } from "~/components/MarkdownEditor";
import { editAnswer, getAnswer, answerAuthorId } from "~/domain/answers/answers.server";
import { formFailure } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Edit answer · Nimbus Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    const answer = await getAnswer(context.auth.actor, params.id ?? "");
    if (!canEditPost(actor, await answerAuthorId(answer.id))) throw new Response("Only the author or staff can edit this answer.", { status: 403 });
    return json({ answer: { id: answer.id, body: answer.body, questionId: answer.questionId } });
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsResponse(err);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const body = String(form.get("body") ?? "");
  try {
    const answer = await editAnswer(actor, params.id ?? "", { body });
    return redirect(answer.url);
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json({ body, ...errors }, { status, headers });
  }
}

export default function EditAnswer() {
  const { answer } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Edit answer</h1>
      <Form method="post" className="card space-y-5 p-6" noValidate>
        <FormError errors={data?.formErrors} />
        <MarkdownEditor id="body" name="body" label="Answer" defaultValue={data?.body ?? answer.body} errors={(data?.fields as Record<string, string[]> | undefined)?.body} />
        <div className="flex gap-3">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Saving…" : "Save changes"}
          </button>
          <Link to={`/q/${answer.questionId}#answer-${answer.id}`} className="btn-secondary">
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
