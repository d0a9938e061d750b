import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AuthCard } from "~/components/AuthCard";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { NewAccountFields } from "~/components/accounts/NewAccountFields";
import { Field, FormError } from "~/components/Field";
import { CategoryLines } from "~/components/setup/CategoryLines";
import { setupSchema } from "~/domain/setup/schemas";
import { completeSetup, setupPage } from "~/domain/setup/first-run.server";
import { optionalText } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, page, type IntentHandlers } from "~/http/page.server";
import { runtime } from "~/runtime.server";
import { signIn } from "~/domain/accounts/sessions.server";

export const meta: MetaFunction = () => [{ title: "Set up your community" }, { name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ request, context }) =>
    json(await setupPage({ fromMachine: context.fromMachine, code: new URL(request.url).searchParams.get("code") })),
  );
}

const setupForm = setupSchema.extend({ intent: z.literal("setup"), code: optionalText() });
const schema = z.discriminatedUnion("intent", [setupForm]);

const handlers = {
  async setup({ value, args }) {
    const code = value.code ?? new URL(args.request.url).searchParams.get("code");
    const admin = await completeSetup(value, { fromMachine: args.context.fromMachine, code });
    const { cookie } = await signIn(admin.id, runtime.cookieSecure(args.context.secure), { userAgent: args.request.headers.get("user-agent"), ip: args.context.ip });
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers, { hideFields: ["password"] });
}

export default function Setup() {
  const { defaults } = useLoaderData<typeof loader>();
  const lastResult = replyFor(useActionData<typeof action>(), "setup")?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // Typed by the whole form's schema: the defaults name only the fields that have one.
  const [form, fields] = useForm<z.input<typeof setupForm>>({
    id: "setup",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setupForm }),
  });
  return (
    <AuthCard title="Set up your community" subtitle="Name the forum, create its first administrator and choose where questions go. This page closes once it is done.">
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="setup" />
        {params.get("code") ? <input type="hidden" name="code" value={params.get("code") ?? ""} /> : null}
        <FormError errors={form.errors} />
        <Field
          label="Community name"
          hint="Shown in the header and the browser's title."
          errors={fields.communityName.errors}
          inputProps={{ ...getInputProps(fields.communityName, { type: "text" }), autoComplete: "organization" }}
        />
        <fieldset className="space-y-4 border-t border-slate-200 pt-4">
          <legend className="pr-2 text-sm font-semibold text-slate-900">The first administrator</legend>
          <NewAccountFields fields={fields} usernameHint="Letters, digits, '-' and '_'." />
        </fieldset>
        <CategoryLines errors={fields.categories.errors} textareaProps={getTextareaProps(fields.categories)} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Setting up…" : "Finish setup"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
