import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors } from "~/components/Field";
import { deflectionStats } from "~/domain/search/deflection.server";
import { getVocabulary, saveVocabulary } from "~/domain/search/vocabulary.server";
import { isDomainError, ValidationError } from "~/domain/errors";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Search settings · Admin · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    requirePermission(actor, "category:manage");
    const [vocabulary, deflection] = await Promise.all([getVocabulary(), deflectionStats(actor, {})]);
    return json({ vocabulary, deflection });
  } catch (err) {
    throwAsResponse(err);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const input = { synonyms: String(form.get("synonyms") ?? ""), stopWords: String(form.get("stopWords") ?? "") };
  try {
    await saveVocabulary(actor, input);
    return json({ ok: true as const, fields: {} as Record<string, string[]>, input });
  } catch (err) {
    if (err instanceof ValidationError) return json({ ok: false as const, fields: err.fields, input }, { status: 400 });
    if (isDomainError(err)) throwAsResponse(err);
    throw err;
  }
}

export default function SearchSettings() {
  const { vocabulary, deflection } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const d = deflection.drafts;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Search</h1>
        <p className="text-sm text-slate-600">The words search treats as the same, the words it ignores, and how often suggestions answer a question before it is posted.</p>
      </div>
      <section className="card p-5" aria-label="Deflection">
        <h2 className="font-semibold text-slate-900">Suggestions on the ask form, last {deflection.days} days</h2>
        <dl className="mt-3 grid grid-cols-2 gap-3 text-center sm:grid-cols-5">
          {(["shown", "opened", "solved", "posted", "abandoned"] as const).map((k) => (
            <div key={k} className="rounded-lg bg-slate-50 p-3">
              <dt className="text-xs uppercase tracking-wide text-slate-500">{k}</dt>
              <dd className="text-xl font-bold text-slate-900">{d[k]}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-slate-600">
          Drafts solved by a suggestion: {deflection.deflectionRate === null ? "no drafts yet" : `${Math.round(deflection.deflectionRate * 100)}% of drafts that saw suggestions`}.
        </p>
      </section>
      {data?.ok ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          Saved and applied to the search index.
        </div>
      ) : null}
      <Form method="post" className="card space-y-5 p-5">
        <div className="space-y-1.5">
          <label htmlFor="synonyms" className="block text-sm font-medium text-slate-700">
            Synonyms
          </label>
          <textarea
            id="synonyms"
            name="synonyms"
            rows={6}
            className="input font-mono text-[13px]"
            defaultValue={data?.input.synonyms ?? vocabulary.synonyms.map((g) => g.join(", ")).join("\n")}
            placeholder={"earbuds, earphones, buds\nwifi, wi-fi, wireless"}
            aria-describedby="synonyms-hint"
          />
          <p id="synonyms-hint" className="text-xs text-slate-500">
            One group per line, words separated by commas: a search for any of them finds all.
          </p>
          <FieldErrors errors={data?.fields.synonyms} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="stopWords" className="block text-sm font-medium text-slate-700">
            Stop words
          </label>
          <textarea
            id="stopWords"
            name="stopWords"
            rows={3}
            className="input font-mono text-[13px]"
            defaultValue={data?.input.stopWords ?? vocabulary.stopWords.join(" ")}
            placeholder="the a an my how do i"
            aria-describedby="stop-hint"
          />
          <p id="stop-hint" className="text-xs text-slate-500">
            Words search ignores, separated by spaces or commas.
          </p>
        </div>
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
