import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { singleSignOnOffer } from "~/auth/oidc.server";
import { AuthCard } from "~/components/AuthCard";
import { SingleSignOnButton } from "~/components/accounts/SingleSignOn";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { login } from "~/domain/accounts/login.server";
import { loginSchema } from "~/domain/accounts/schemas";
import { optionalText } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, type IntentHandlers } from "~/http/page.server";
import { safeRedirect } from "~/http/redirect";
import { runtime } from "~/runtime.server";
import { signIn } from "~/domain/accounts/sessions.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Log in") }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth.actor) throw redirect("/");
  return json({ sso: singleSignOnOffer() });
}

const loginForm = loginSchema.extend({ intent: z.literal("login"), redirectTo: optionalText() });
const schema = z.discriminatedUnion("intent", [loginForm]);

const handlers = {
  async login({ value, args }) {
    const user = await login(value, { ip: args.context.ip });
    const { cookie } = await signIn(user.id, runtime.cookieSecure(args.context.secure), { userAgent: args.request.headers.get("user-agent"), ip: args.context.ip });
    return redirect(safeRedirect(value.redirectTo, "/"), { headers: { "Set-Cookie": cookie } });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // Wrong credentials, a taken name or too many tries: all said beside the form.
  return formAction(args, schema, handlers, { hideFields: ["password"], keepOnPage: [401, 403, 404] });
}

export default function Login() {
  const { sso } = useLoaderData<typeof loader>();
  const passwordForm = !sso?.only;
  const lastResult = replyFor(useActionData<typeof action>(), "login")?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginForm }),
  });
  return (
    <AuthCard
      title="Welcome back"
      subtitle={passwordForm ? "Log in with your email or username." : "Log in with your organisation's account."}
      footer={
        passwordForm ? (
          <>
            New here?{" "}
            <Link to="/signup" className="link">
              Create an account
            </Link>
          </>
        ) : (
          "Your first sign-in creates your account here."
        )
      }
    >
      {sso ? <SingleSignOnButton name={sso.name} redirectTo={params.get("redirectTo")} passwordForm={passwordForm} /> : null}
      {passwordForm ? (
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="login" />
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
          <p className="text-right text-sm">
            <Link to="/forgot-password" className="link">
              Forgot password?
            </Link>
          </p>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </Form>
      ) : null}
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
