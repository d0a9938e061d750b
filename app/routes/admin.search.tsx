import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { searchSettingsPage } from "~/domain/search/search-settings-page.server";
import { saveVocabulary } from "~/domain/search/vocabulary.server";
import { intent, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Search settings", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await searchSettingsPage(signedIn(args))));
}

const schema = z.discriminatedUnion("intent", [intent("save", { synonyms: text(), stopWords: text() })]);

const handlers = {
  async save({ value, args, done }) {
    await saveVocabulary(signedIn(args), { synonyms: value.synonyms, stopWords: value.stopWords });
    return done({ saved: true });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function SearchSettings() {
  const { vocabulary, deflection } = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<typeof action>(), "save");
  const errors = errorsOf(reply);
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
      {reply && "saved" in reply ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          Saved and applied to the search index.
        </div>
      ) : null}
      <Form method="post" className="card space-y-5 p-5">
        <input type="hidden" name="intent" value="save" />
        <FormError errors={errors.form} />
        <div className="space-y-1.5">
          <label htmlFor="synonyms" className="block text-sm font-medium text-slate-700">
            Synonyms
          </label>
          <textarea
            id="synonyms"
            name="synonyms"
            rows={6}
            className="input font-mono text-[13px]"
            defaultValue={errors.failed ? typedValue(reply, "synonyms") : vocabulary.synonyms.map((g) => g.join(", ")).join("\n")}
            placeholder={"earbuds, earphones, buds\nwifi, wi-fi, wireless"}
            aria-describedby="synonyms-hint"
          />
          <p id="synonyms-hint" className="text-xs text-slate-500">
            One group per line, words separated by commas: a search for any of them finds all.
          </p>
          <FieldErrors errors={errors.fields.synonyms} />
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
            defaultValue={errors.failed ? typedValue(reply, "stopWords") : vocabulary.stopWords.join(" ")}
            placeholder="the a an my how do i"
            aria-describedby="stop-hint"
          />
          <p id="stop-hint" className="text-xs text-slate-500">
            Words search ignores, separated by spaces or commas.
          </p>
          <FieldErrors errors={errors.fields.stopWords} />
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
