import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import { z } from "zod";
import { newId } from "#db/ids";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { QuestionFields } from "~/components/QuestionFields";
import { SimilarQuestions, type Suggestion } from "~/components/SimilarQuestions";
import { recordDeflection } from "~/domain/search/deflection.server";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Ask a question") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const categories = await listVisibleCategories(signedIn(args));
    const url = new URL(args.request.url);
    return json({
      categories: categories.map((c) => ({ slug: c.slug, name: c.name })),
      category: url.searchParams.get("category") ?? "",
      title: url.searchParams.get("title") ?? "",
      // One id per draft ties its suggestion events together.
      draftId: newId(),
    });
  });
}

const draft = { title: text(), body: text(), category: text(), tags: text(), urgent: optionalText(), draftId: optionalText() };
const schema = z.discriminatedUnion("intent", [intent("ask", draft), intent("preview", draft)]);

const handlers = {
  async ask({ value, args }) {
    const actor = signedIn(args);
    const { question } = await askQuestion(actor, value);
    if (value.draftId) await recordDeflection(actor, { draftId: value.draftId, kind: "posted", questionId: question.id }).catch(() => undefined);
    return redirect(question.url);
  },
  // Without JavaScript there is no live preview: the preview button renders the draft on the server.
  async preview({ value, args, done }) {
    signedIn(args);
    const { title, body, category, tags, urgent } = value;
    return done({ values: { title, body, category, tags, urgent }, previewHtml: renderMarkdown(body) });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

function report(event: Record<string, unknown>, beacon = false) {
  const body = JSON.stringify(event);
  if (beacon && navigator.sendBeacon) navigator.sendBeacon("/api/v1/search/deflection", new Blob([body], { type: "application/json" }));
  else void fetch("/api/v1/search/deflection", { method: "POST", headers: { "Content-Type": "application/json" }, body, keepalive: true });
}

/** Suggests existing questions while the draft is typed, and records what the asker does with them. */
function useSuggestions(draftId: string) {
  const fetcher = useFetcher<{ suggestions: Suggestion[]; suggestionToken?: string }>();
  const { load } = fetcher;
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const shown = useRef(false);
  const posted = useRef(false);
  const suggestions = fetcher.data?.suggestions ?? [];
  // Each step reported carries the token of the suggestions it is about (deflection figures count nothing else).
  const token = fetcher.data?.suggestionToken;
  const update = useCallback(
    (form: HTMLFormElement) => {
      const data = new FormData(form);
      const title = String(data.get("title") ?? "");
      if (title.trim().length < 8) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const params = new URLSearchParams({ title, body: String(data.get("body") ?? "").slice(0, 600), limit: "5", draft: draftId });
        // The category chosen so far nudges its own questions up (a small boost, never a filter).
        const category = String(data.get("category") ?? "");
        if (category) params.set("near", category);
        load(`/api/v1/search/similar?${params}`);
      }, 300);
    },
    [load, draftId],
  );
  useEffect(() => {
    if (suggestions.length && token && !shown.current) {
      shown.current = true;
      report({ draftId, kind: "shown", suggestionCount: suggestions.length, token });
    }
  }, [suggestions.length, draftId, token]);
  useEffect(() => {
    const leave = () => {
      if (shown.current && !posted.current && token) report({ draftId, kind: "abandoned", token }, true);
    };
    window.addEventListener("pagehide", leave);
    return () => window.removeEventListener("pagehide", leave);
  }, [draftId, token]);
  return {
    suggestions,
    token,
    update,
    markPosted: () => (posted.current = true),
    opened: (questionId: string) => token && report({ draftId, kind: "opened", questionId, token }),
  };
}

export default function Ask() {
  const { categories, category, title, draftId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const reply = replyFor(data, "ask");
  const preview = replyFor(data, "preview");
  const errors = errorsOf(reply);
  const busy = useNavigation().state === "submitting";
  const similar = useSuggestions(draftId);
  const typed = (name: "title" | "body" | "category" | "tags" | "urgent") => typedValue(reply, name) ?? "";
  const values =
    preview && "values" in preview
      ? preview.values
      : errors.failed
        ? { title: typed("title"), body: typed("body"), category: typed("category"), tags: typed("tags"), urgent: typed("urgent") }
        : { category, title };
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Ask the community</h1>
        <p className="mt-1 text-sm text-slate-600">
          Owners, advocates and the Nimbus team answer here. A clear title and the steps you tried get the fastest answers.
        </p>
      </div>
      <Form
        method="post"
        className="card space-y-5 p-6"
        noValidate
        onChange={(e) => similar.update(e.currentTarget)}
        onSubmit={() => similar.markPosted()}
      >
        <FormError errors={errors.form} />
        <QuestionFields
          values={values}
          errors={errors.fields}
          categories={categories}
          previewHtml={preview && "previewHtml" in preview ? preview.previewHtml : null}
          afterTitle={<SimilarQuestions suggestions={similar.suggestions} draftId={draftId} token={similar.token} onOpen={similar.opened} />}
        />
        <label className="flex items-start gap-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <input type="checkbox" name="urgent" defaultChecked={"urgent" in values && values.urgent === "on"} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
          <span>
            <span className="font-medium">Urgent: my product does not work at all.</span> It goes straight to the Nimbus team instead of waiting for the
            community first.
          </span>
        </label>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="ask" className="btn-primary" disabled={busy}>
            {busy ? "Posting…" : "Post your question"}
          </button>
          <noscript>
            <button type="submit" name="intent" value="preview" className="btn-secondary">
              Preview
            </button>
          </noscript>
        </div>
        {/* Last: first, it took the card's space-y gap and left an empty band at the top. */}
        <input type="hidden" name="draftId" value={draftId} />
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
