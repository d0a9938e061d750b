import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { QuestionRow } from "~/components/QuestionRow";
import { FollowButton } from "~/components/following/FollowButton";
import { isWatching } from "~/domain/following/queries.server";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { listQuestions } from "~/domain/questions/list.server";
import { listFilters } from "~/domain/questions/schemas";
import { page } from "~/http/page.server";
import { useNewQuestions, useRoom } from "~/realtime/hooks";
import { count, formatNumber } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data?.category ? data.category.name : data?.tag ? `#${data.tag}` : "Questions") },
];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ request, context }) => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const [list, categories] = await Promise.all([listQuestions(context.auth.actor, params), listVisibleCategories(context.auth.actor)]);
    // The header's Follow button: the category when one is chosen, else the tag.
    const watching = list.category ? await isWatching(context.auth.actor, "category", list.category.id) : list.tag ? await isWatching(context.auth.actor, "tag", list.tag) : false;
    return json({ ...list, categories, watching, signedIn: Boolean(context.auth.actor) });
  });
}

const filterLabels: Record<(typeof listFilters)[number], string> = {
  latest: "Latest",
  unanswered: "Unanswered",
  unsolved: "Unsolved",
  solved: "Solved",
};

export default function Questions() {
  const { questions, nextCursor, filter, category, tag, categories, watching, signedIn } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { revalidate, state } = useRevalidator();
  useRoom("feed:questions");
  const fresh = useNewQuestions(category?.slug ?? null);
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [k, v] of Object.entries(changes)) (v === null ? next.delete(k) : next.set(k, v));
    const s = next.toString();
    return s ? `/questions?${s}` : "/questions";
  };
  const heading = category ? category.name : tag ? `Questions tagged #${tag}` : "All questions";
  return (
    <div className="grid gap-8 lg:grid-cols-4">
      <div className="space-y-4 lg:col-span-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-bold text-slate-900">{heading}</h1>
            {category?.description ? <p className="mt-1 text-sm text-slate-600">{category.description}</p> : null}
            {tag || category ? (
              <Link to="/questions" className="mt-1 inline-block text-sm link">
                Clear filters
              </Link>
            ) : null}
          </div>
          <div className="flex items-center gap-2">
            {signedIn && category ? (
              <FollowButton key={`c:${category.slug}`} type="category" id={category.slug} name={category.name} watching={watching} back={withParams({})} />
            ) : signedIn && tag ? (
              <FollowButton key={`t:${tag}`} type="tag" id={tag} name={`#${tag}`} watching={watching} back={withParams({})} />
            ) : null}
            <Link to={category ? `/ask?category=${category.slug}` : "/ask"} className="btn-primary">
              Ask a question
            </Link>
          </div>
        </div>
        <nav aria-label="Filter questions" className="relative flex gap-1 overflow-x-auto border-b border-slate-200">
          {listFilters.map((f) => (
            <Link
              key={f}
              to={withParams({ filter: f === "latest" ? null : f })}
              aria-current={filter === f ? "page" : undefined}
              className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                filter === f ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
              }`}
            >
              {filterLabels[f]}
            </Link>
          ))}
        </nav>
        {fresh.count > 0 ? (
          <button
            type="button"
            onClick={() => {
              fresh.reset();
              revalidate();
            }}
            className="w-full rounded-lg bg-brand-50 px-4 py-2 text-sm font-medium text-brand-800 hover:bg-brand-100"
            data-testid="new-questions"
          >
            {count(fresh.count, "new question")} - show
          </button>
        ) : null}
        {questions.length === 0 ? (
          <div className="card p-10 text-center text-slate-500">
            {params.get("cursor") ? "No more questions." : "No questions here yet."}{" "}
            <Link to="/ask" className="link">
              Ask one
            </Link>
          </div>
        ) : (
          <ul className={`card divide-y divide-slate-100 ${state === "loading" ? "opacity-70" : ""}`}>
            {questions.map((q) => (
              <QuestionRow key={q.id} q={q} />
            ))}
          </ul>
        )}
        <div className="flex justify-between">
          {params.get("cursor") ? (
            <Link to={withParams({})} className="btn-secondary">
              Back to the newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link to={`/questions?${new URLSearchParams({ ...Object.fromEntries(params), cursor: nextCursor })}`} className="btn-secondary" rel="next">
              Older questions →
            </Link>
          ) : null}
        </div>
      </div>
      <aside className="space-y-3" aria-label="Categories">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Categories</h2>
        <ul className="space-y-1">
          {categories.map((c) => (
            <li key={c.id}>
              <Link
                to={withParams({ category: c.slug })}
                aria-current={category?.slug === c.slug ? "page" : undefined}
                className={`flex justify-between rounded-md px-3 py-2 text-sm ${category?.slug === c.slug ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
              >
                <span>{c.name}</span>
                <span className="text-slate-500">{formatNumber(c.questionCount)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
