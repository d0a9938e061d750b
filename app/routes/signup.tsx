import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { singleSignOnOffer } from "~/auth/oidc.server";
import { AuthCard } from "~/components/AuthCard";
import { SingleSignOnButton } from "~/components/accounts/SingleSignOn";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { NewAccountFields } from "~/components/accounts/NewAccountFields";
import { FormError } from "~/components/Field";
import { signupSchema } from "~/domain/accounts/schemas";
import { signUpWithPassword } from "~/domain/accounts/signup.server";
import { optionalText } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, type IntentHandlers } from "~/http/page.server";
import { safeRedirect } from "~/http/redirect";
import { runtime } from "~/runtime.server";
import { signIn } from "~/domain/accounts/sessions.server";
import { pageTitle, useCommunityName } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Sign up") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.auth.actor) throw redirect("/");
  const sso = singleSignOnOffer();
  // With OIDC_ONLY the first sign-in at the provider makes the account: the login page has the one button.
  if (sso?.only) throw redirect(`/login${new URL(request.url).search}`);
  return json({ sso });
}

const signupForm = signupSchema.extend({ intent: z.literal("signup"), redirectTo: optionalText() });
const schema = z.discriminatedUnion("intent", [signupForm]);

const handlers = {
  async signup({ value, args }) {
    const user = await signUpWithPassword(value, { ip: args.context.ip });
    const { cookie } = await signIn(user.id, runtime.cookieSecure(args.context.secure), { userAgent: args.request.headers.get("user-agent"), ip: args.context.ip });
    return redirect(safeRedirect(value.redirectTo, "/"), { headers: { "Set-Cookie": cookie } });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // Wrong credentials, a taken name or too many tries: all said beside the form.
  return formAction(args, schema, handlers, { hideFields: ["password"], keepOnPage: [401, 403, 404] });
}

export default function Signup() {
  const { sso } = useLoaderData<typeof loader>();
  const community = useCommunityName();
  const lastResult = replyFor(useActionData<typeof action>(), "signup")?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "signup",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupForm }),
  });
  return (
    <AuthCard
      title={`Join ${community}`}
      subtitle="Ask questions, help other owners and follow live town halls."
      footer={
        <>
          Already a member?{" "}
          <Link to="/login" className="link">
            Log in
          </Link>
        </>
      }
    >
      {sso ? <SingleSignOnButton name={sso.name} redirectTo={params.get("redirectTo")} passwordForm /> : null}
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="signup" />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError errors={form.errors} />
        <NewAccountFields fields={fields} usernameHint="Shown on your posts. Letters, digits, '-' and '_'." />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
