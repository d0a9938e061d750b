import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { SettingsPage } from "~/components/settings/SettingsNav";
import { accountSettingsPage, changeEmail, changePassword } from "~/domain/accounts/account-settings.server";
import { emailChangeSchema, passwordChangeSchema } from "~/domain/accounts/schemas";
import { replyFor } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Email and password") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await accountSettingsPage(signedIn(args))));
}

const emailForm = emailChangeSchema.extend({ intent: z.literal("email") });
const passwordForm = passwordChangeSchema.extend({ intent: z.literal("password") });
const schema = z.discriminatedUnion("intent", [emailForm, passwordForm]);

const handlers = {
  async email({ value, args, done }) {
    const user = await changeEmail(signedIn(args), value);
    return done({ emailChanged: user.email });
  },
  async password({ value, args, done }) {
    await changePassword(signedIn(args), value, { sessionId: args.context.auth.sessionId });
    return done({ passwordChanged: true });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers, { hideFields: ["password", "currentPassword"] });
}

function Saved({ children }: { children: string }) {
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </p>
  );
}

export default function AccountSettings() {
  const { email, emailVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const emailReply = replyFor(data, "email");
  const passwordReply = replyFor(data, "password");
  const navigation = useNavigation();
  const busy = (which: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === which;
  const [eForm, eFields] = useForm({
    id: "change-email",
    lastResult: emailReply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailForm }),
  });
  const [pForm, pFields] = useForm({
    id: "change-password",
    lastResult: passwordReply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordForm }),
  });
  return (
    <SettingsPage>

      <Form method="post" className="card space-y-4 p-6" {...getFormProps(eForm)}>
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Email address</h2>
          <p className="mt-1 break-words text-sm text-slate-600">
            Now: <strong className="font-medium text-slate-900">{email}</strong>{" "}
            {emailVerified ? <span className="text-emerald-700">(confirmed)</span> : <span className="text-amber-800">(not confirmed yet)</span>}. A new address
            gets a link to confirm it, and the old one a notice of the change.
          </p>
        </div>
        {emailReply && "emailChanged" in emailReply ? <Saved>{`Saved. We sent a link to ${emailReply.emailChanged}: open it to confirm the new address.`}</Saved> : null}
        <input type="hidden" name="intent" value="email" />
        <FormError errors={eForm.errors} />
        <Field label="New email address" errors={eFields.email.errors} inputProps={{ ...getInputProps(eFields.email, { type: "email" }), autoComplete: "email" }} />
        <Field
          label="Current password"
          errors={eFields.password.errors}
          inputProps={{ ...getInputProps(eFields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <button type="submit" className="btn-primary" disabled={busy("email")}>
          {busy("email") ? "Saving…" : "Change email address"}
        </button>
      </Form>

      <Form method="post" className="card space-y-4 p-6" {...getFormProps(pForm)}>
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Password</h2>
          <p className="mt-1 text-sm text-slate-600">Changing it signs out every other device; this one stays signed in.</p>
        </div>
        {passwordReply && "passwordChanged" in passwordReply ? <Saved>Saved. Your other devices are signed out.</Saved> : null}
        <input type="hidden" name="intent" value="password" />
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden aria-hidden="true" />
        <FormError errors={pForm.errors} />
        <Field
          label="Current password"
          errors={pFields.currentPassword.errors}
          inputProps={{ ...getInputProps(pFields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
        />
        <Field
          label="New password"
          hint="At least 10 characters. A few unrelated words work well."
          errors={pFields.password.errors}
          inputProps={{ ...getInputProps(pFields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <button type="submit" className="btn-primary" disabled={busy("password")}>
          {busy("password") ? "Saving…" : "Change password"}
        </button>
      </Form>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
