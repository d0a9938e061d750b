import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { blankSessionCookie } from "~/auth/lucia.server";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { SettingsPage } from "~/components/settings/SettingsNav";
import { deleteMyAccount } from "~/domain/accounts/deletion.server";
import { intent, text } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { runtime } from "~/runtime.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Your data") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json({ username: signedIn(args).username }));
}

const schema = z.discriminatedUnion("intent", [intent("delete", { password: text() })]);

const handlers = {
  async delete({ value, args }) {
    await deleteMyAccount(signedIn(args), { password: value.password });
    return redirect("/?deleted=1", { headers: { "Set-Cookie": blankSessionCookie(runtime.cookieSecure(args.context.secure)) } });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers, { hideFields: ["password"] });
}

export default function YourData() {
  const { username } = useLoaderData<typeof loader>();
  const lastResult = replyFor(useActionData<typeof action>(), "delete")?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "delete-account", lastResult });
  return (
    <SettingsPage>
      <section className="card space-y-3 p-6" aria-labelledby="export-heading">
        <h2 id="export-heading" className="text-lg font-semibold text-slate-900">
          Download your data
        </h2>
        <p className="text-sm text-slate-600">
          One JSON file with your profile, questions, answers, town-hall questions, votes, reputation history, badges, notifications, what you follow and where you are
          signed in.
        </p>
        <a href="/api/v1/me/export" download className="btn-secondary inline-flex" data-testid="export-link">
          Download my data
        </a>
      </section>
      <section className="card space-y-4 border-rose-200 p-6" aria-labelledby="delete-heading">
        <div>
          <h2 id="delete-heading" className="text-lg font-semibold text-rose-800">
            Delete your account
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Your profile, avatar, email address, sessions, tokens and what you follow are removed, and you are signed out everywhere. Your questions and answers stay,
            so the solutions others rely on keep working, but they show “deleted user” instead of @{username}. This cannot be undone.
          </p>
        </div>
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="delete" />
          <FormError errors={form.errors} />
          <Field
            label="Your password"
            hint="To confirm that it is you."
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password", required: true }}
          />
          <button type="submit" className="btn-danger" disabled={busy}>
            {busy ? "Deleting…" : "Delete my account"}
          </button>
        </Form>
      </section>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
