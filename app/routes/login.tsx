import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { startSession } from "~/auth/lucia.server";
import { AuthCard } from "~/components/AuthCard";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { login } from "~/domain/accounts/login.server";
import { loginSchema } from "~/domain/accounts/schemas";
import { replyWithDomainError, safeRedirect } from "~/http/forms.server";
import { runtime } from "~/runtime.server";

export const meta: MetaFunction = () => [{ title: "Log in · Nimbus Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth.actor) throw redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    const user = await login(submission.value, { ip: context.ip });
    const { cookie } = await startSession(user.id, runtime.cookieSecure(context.secure));
    return redirect(safeRedirect(formData.get("redirectTo"), "/"), { headers: { "Set-Cookie": cookie } });
  } catch (err) {
    return replyWithDomainError(submission, err, { hideFields: ["password"] });
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <AuthCard
      title="Welcome back"
      subtitle="Log in with your email or username."
      footer={
        <>
          New here?{" "}
          <Link to="/signup" className="link">
            Create an account
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError errors={form.errors} />
        <Field
          label="Email or username"
          errors={fields.login.errors}
          inputProps={{ ...getInputProps(fields.login, { type: "text" }), autoComplete: "username" }}
        />
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
