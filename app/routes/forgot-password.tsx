import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard } from "~/components/AuthCard";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from "~/domain/accounts/password-reset.server";
import { passwordResetRequestSchema } from "~/domain/accounts/schemas";
import { replyFor } from "~/http/form-result";
import { formAction, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Forgot password") }];

export async function loader() {
  return json({});
}

const requestForm = passwordResetRequestSchema.extend({ intent: z.literal("request") });
const schema = z.discriminatedUnion("intent", [requestForm]);

const handlers = {
  async request({ value, args, done }) {
    await requestPasswordReset(value, { ip: args.context.ip });
    return done({ sent: value.email, message: RESET_REQUESTED_MESSAGE });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function ForgotPassword() {
  const reply = replyFor(useActionData<typeof action>(), "request");
  const sent = reply && "sent" in reply ? reply : null;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: requestForm }),
  });
  return (
    <AuthCard
      title="Forgot your password?"
      subtitle="Enter the email address of your account and we'll send you a link to choose a new password."
      footer={
        <>
          Remembered it?{" "}
          <Link to="/login" className="link">
            Log in
          </Link>
        </>
      }
    >
      {sent ? (
        <div role="status" className="mb-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="reset-requested">
          {sent.message}
        </div>
      ) : null}
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="request" />
        <FormError errors={form.errors} />
        <Field
          label="Email address"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Sending…" : sent ? "Send another link" : "Send the link"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
