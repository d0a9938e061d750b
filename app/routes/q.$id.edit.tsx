import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { QuestionFields } from "~/components/QuestionFields";
import { editQuestion } from "~/domain/questions/edit.server";
import { questionEditPage } from "~/domain/questions/question-edit-page.server";
import { intent, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Edit question") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await questionEditPage(signedIn(args), args.params.id ?? "")));
}

const schema = z.discriminatedUnion("intent", [intent("edit", { title: text(), body: text(), tags: text() })]);

const handlers = {
  async edit({ value, args }) {
    const { question } = await editQuestion(signedIn(args), args.params.id ?? "", { title: value.title, body: value.body, tags: value.tags });
    return redirect(question.url);
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function EditQuestion() {
  const { question } = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<typeof action>(), "edit");
  const errors = errorsOf(reply);
  const busy = useNavigation().state === "submitting";
  const typed = (name: "title" | "body" | "tags") => (errors.failed ? (typedValue(reply, name) ?? "") : question[name]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Edit question</h1>
      <Form method="post" className="card space-y-5 p-6" noValidate>
        <input type="hidden" name="intent" value="edit" />
        <FormError errors={errors.form} />
        <QuestionFields values={{ title: typed("title"), body: typed("body"), tags: typed("tags") }} errors={errors.fields} />
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
