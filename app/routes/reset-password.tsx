import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { signIn } from "~/domain/accounts/sessions.server";
import { AuthCard } from "~/components/AuthCard";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { SpentLink } from "~/components/accounts/SpentLink";
import { confirmPasswordReset, resetLinkWorks } from "~/domain/accounts/password-reset.server";
import { passwordResetConfirmSchema } from "~/domain/accounts/schemas";
import { errorsOf, replyFor } from "~/http/form-result";
import { formAction, type IntentHandlers } from "~/http/page.server";
import { runtime } from "~/runtime.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Choose a new password") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  // Looking does not spend the link: only the form's POST does.
  if (!(await resetLinkWorks(token))) return json({ valid: false as const, token: null }, { status: 400 });
  return json({ valid: true as const, token });
}

const resetForm = passwordResetConfirmSchema.extend({ intent: z.literal("reset") });
const schema = z.discriminatedUnion("intent", [resetForm]);

const handlers = {
  async reset({ value, args }) {
    const user = await confirmPasswordReset(value);
    // Every session ended with the reset; this browser starts afresh, signed in.
    const { cookie } = await signIn(user.id, runtime.cookieSecure(args.context.secure), { userAgent: args.request.headers.get("user-agent"), ip: args.context.ip });
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers, { hideFields: ["password"] });
}

export default function ResetPassword() {
  const { valid, token } = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<typeof action>(), "reset");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetForm }),
  });
  if (!valid || errorsOf(reply).fields.token) return <SpentLink again={{ to: "/forgot-password", label: "Ask for a new link" }} />;
  return (
    <AuthCard title="Choose a new password" subtitle="At least 10 characters; a few unrelated words are easy to remember and hard to guess. Every other device will be signed out.">
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="reset" />
        <input type="hidden" name="token" value={token ?? ""} />
        <FormError errors={form.errors} />
        <Field
          label="New password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Saving…" : "Set the new password and log in"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
