import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import { tokenSchema } from "~/domain/accounts/schemas";
import { createToken, deleteToken, myTokens } from "~/domain/accounts/tokens.server";
import { replyWithDomainError } from "~/http/forms.server";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const tokens = await myTokens(actor);
  return json({
    tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "revoke") {
    try {
      await deleteToken(actor, String(formData.get("tokenId") ?? ""));
    } catch (err) {
      throwAsResponse(err);
    }
    return json({ result: null, created: null });
  }
  const submission = parseWithZod(formData, { schema: tokenSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const created = await createToken(actor, submission.value);
    return json({ result: submission.reply({ resetForm: true }), created });
  } catch (err) {
    const reply = replyWithDomainError(submission, err);
    return json({ result: await reply.json(), created: null }, { status: reply.status });
  }
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "token",
    lastResult: data?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: tokenSchema }),
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
      {data?.created ? (
        <div role="status" className="card border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">Token “{data.created.name}” created. Copy it now: it won't be shown again.</p>
          <code className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm" data-testid="new-token">
            {data.created.token}
          </code>
        </div>
      ) : null}
      <Form method="post" className="card flex flex-col gap-3 p-5 sm:flex-row sm:items-end" {...getFormProps(form)}>
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
