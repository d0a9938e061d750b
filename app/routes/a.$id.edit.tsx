import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { MarkdownEditor } from "~/components/MarkdownEditor";
import { answerEditPage } from "~/domain/answers/answer-edit-page.server";
import { editAnswer } from "~/domain/answers/answers.server";
import { intent, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Edit answer") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await answerEditPage(signedIn(args), args.params.id ?? "")));
}

const schema = z.discriminatedUnion("intent", [intent("edit", { body: text() })]);

const handlers = {
  async edit({ value, args }) {
    const answer = await editAnswer(signedIn(args), args.params.id ?? "", { body: value.body });
    return redirect(answer.url);
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function EditAnswer() {
  const { answer } = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<typeof action>(), "edit");
  const errors = errorsOf(reply);
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Edit answer</h1>
      <Form method="post" className="card space-y-5 p-6" noValidate>
        <input type="hidden" name="intent" value="edit" />
        <FormError errors={errors.form} />
        <MarkdownEditor id="body" name="body" label="Answer" defaultValue={errors.failed ? (typedValue(reply, "body") ?? "") : answer.body} errors={errors.fields.body} />
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
