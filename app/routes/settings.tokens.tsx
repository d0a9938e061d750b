import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import { tokenSchema } from "~/domain/accounts/schemas";
import { createToken, deleteToken, myTokens } from "~/domain/accounts/tokens.server";
import { intent, text } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "API tokens") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const tokens = await myTokens(signedIn(args));
    return json({
      tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
    });
  });
}

const createSchema = tokenSchema.extend({ intent: z.literal("create") });
const schema = z.discriminatedUnion("intent", [createSchema, intent("revoke", { tokenId: text() })]);

const handlers = {
  async create({ value, args, done }) {
    const created = await createToken(signedIn(args), { name: value.name });
    return done({ created });
  },
  async revoke({ value, args, done }) {
    await deleteToken(signedIn(args), value.tokenId);
    return done();
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const reply = replyFor(data, "create");
  const created = reply && "created" in reply ? reply.created : null;
  const [form, fields] = useForm({
    id: "token",
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }),
  });
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Personal access tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          Tokens let scripts and integrations use the JSON API as you: send <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code>.
          We store only a hash, so a token is shown once.
        </p>
      </div>
      {created ? (
        <div role="status" className="card border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy it now: it won't be shown again.</p>
          <code className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm" data-testid="new-token">
            {created.token}
          </code>
        </div>
      ) : null}
      <Form method="post" className="card flex flex-col gap-3 p-5 sm:flex-row sm:items-end" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <div className="flex-1">
          <FormError errors={form.errors} />
          <Field label="Token name" hint="For example: CRM sync" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
        </div>
        <button type="submit" className="btn-primary">
          Create token
        </button>
      </Form>
      <div className="card divide-y divide-slate-100">
        {tokens.length === 0 ? <p className="p-5 text-sm text-slate-500">You have no tokens.</p> : null}
        {tokens.map((t) => (
          <div key={t.id} className="flex items-center justify-between gap-4 p-4">
            <div>
              <p className="font-medium text-slate-900">{t.name}</p>
              <p className="text-xs text-slate-500">
                <code>{t.prefix}…</code> · created <RelativeTime iso={t.createdAt} /> ·{" "}
                {t.lastUsedAt ? (
                  <>
                    last used <RelativeTime iso={t.lastUsedAt} />
                  </>
                ) : (
                  "never used"
                )}
              </p>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="tokenId" value={t.id} />
              <button type="submit" className="btn-secondary">
                Revoke
              </button>
            </Form>
          </div>
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
