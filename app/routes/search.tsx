import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { searchContent } from "~/domain/search/search.server";
import { page } from "~/http/page.server";
import { count } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data?.query.q ? pageTitle(matches, `“${data.query.q}”`, "Search") : pageTitle(matches, "Search") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ request, context }) => {
    const [result, categories] = await Promise.all([searchContent(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams)), listVisibleCategories(context.auth.actor)]);
    // Town-hall answers are indexed under the pseudo-category "townhalls"; readers see its name, never the slug.
    return json({ ...result, categoryNames: { townhalls: "Town halls", ...Object.fromEntries(categories.map((c) => [c.slug, c.name])) } as Record<string, string> });
  });
}

function FacetLink({ label, count, active, to }: { label: string; count?: number; active: boolean; to: string }) {
  return (
    <Link
      to={to}
      aria-current={active ? "true" : undefined}
      className={`flex justify-between rounded-md px-3 py-1.5 text-sm ${active ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100"}`}
    >
      <span>{label}</span>
      {count !== undefined ? <span className="text-slate-500">{count}</span> : null}
    </Link>
  );
}

type Facets = ReturnType<typeof useLoaderData<typeof loader>>["facets"];

/** The filters, shown beside the results on a wide screen and folded above them on a phone. */
function FilterSections({ facets, params, toggle, categoryNames }: { facets: Facets; params: URLSearchParams; toggle: (key: string, value: string) => string; categoryNames: Record<string, string> }) {
  return (
    <>
        <section className="space-y-1">
        <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Status</h2>
        <FacetLink label="Solved" count={facets.solved["true"]} active={params.get("solved") === "true"} to={toggle("solved", "true")} />
        <FacetLink label="Not solved yet" count={facets.solved["false"]} active={params.get("solved") === "false"} to={toggle("solved", "false")} />
      </section>
      <section className="space-y-1">
        <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Category</h2>
        {Object.entries(facets.category)
          .sort((a, b) => b[1] - a[1])
          .map(([slug, n]) => (
            <FacetLink key={slug} label={categoryNames[slug] ?? slug} count={n} active={params.get("category") === slug} to={toggle("category", slug)} />
          ))}
      </section>
      <section className="space-y-1">
        <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Tags</h2>
        {Object.entries(facets.tags)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([tag, n]) => (
            <FacetLink key={tag} label={`#${tag}`} count={n} active={params.get("tag") === tag} to={toggle("tag", tag)} />
          ))}
      </section>
    </>
  );
}

export default function Search() {
  const { hits, total, page, totalPages, facets, degraded, query, categoryNames } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("page");
    for (const [k, v] of Object.entries(changes)) (v === null ? next.delete(k) : next.set(k, v));
    return `/search?${next}`;
  };
  const toggle = (key: string, value: string) => withParams({ [key]: params.get(key) === value ? null : value });
  const active = ["category", "tag", "solved"].filter((k) => params.get(k)).length;
  return (
    <div className="grid gap-6 lg:grid-cols-4 lg:gap-8">
      <div className="space-y-4 lg:col-span-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Search</h1>
        <Form method="get" ref={formRef} role="search" aria-label="Questions and answers" className="flex gap-2">
          <label htmlFor="search-q" className="sr-only">
            Search questions and answers
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder="Search questions and answers"
            className="input text-base"
            autoComplete="off"
            onChange={(e) => {
              const form = e.currentTarget.form;
              clearTimeout(timer.current);
              // Results follow the typing, without a request per keystroke.
              timer.current = setTimeout(() => form && submit(form, { replace: true, preventScrollReset: true }), 200);
            }}
          />
          {["category", "tag", "solved", "sort"].map((k) => (params.get(k) ? <input key={k} type="hidden" name={k} value={params.get(k) ?? ""} /> : null))}
          <button type="submit" className="btn-primary">
            Search
          </button>
        </Form>
        <details className="card group lg:hidden" data-testid="filters-folded">
          <summary className="flex cursor-pointer list-none items-center justify-between px-4 py-3 text-sm font-medium text-slate-800">
            <span>
              Filters
              {active ? <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs text-brand-800">{active} on</span> : null}
            </span>
            <svg viewBox="0 0 20 20" className="h-4 w-4 transition-transform group-open:rotate-180" aria-hidden="true">
              <path d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
            </svg>
          </summary>
          <div className="space-y-6 border-t border-slate-100 px-1 py-4">
            <FilterSections facets={facets} params={params} toggle={toggle} categoryNames={categoryNames} />
          </div>
        </details>
        {degraded ? (
          <p role="status" className="rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-800" data-testid="degraded">
            Search is running in a simpler mode for a moment: results may be less precise.
          </p>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
          <span data-testid="search-total">
            {count(total, "result")}
            {query.q ? ` for “${query.q}”` : ""}
          </span>
          <nav aria-label="Sort" className="flex gap-1">
            {(["relevance", "newest", "votes"] as const).map((s) => (
              <Link
                key={s}
                to={withParams({ sort: s === "relevance" ? null : s })}
                aria-current={query.sort === s ? "true" : undefined}
                className={`rounded-md px-2.5 py-1 ${query.sort === s ? "bg-slate-200 font-medium text-slate-900" : "hover:bg-slate-100"}`}
              >
                {s[0].toUpperCase() + s.slice(1)}
              </Link>
            ))}
          </nav>
        </div>
        {hits.length === 0 ? (
          <div className="card p-10 text-center text-slate-600">
            No matches. Try other words, or{" "}
            <Link to={`/ask?title=${encodeURIComponent(query.q)}`} className="link">
              ask the community
            </Link>
            .
          </div>
        ) : (
          <ul className="card divide-y divide-slate-100" data-testid="search-results">
            {hits.map((h) => (
              <li key={h.id} className="space-y-1 px-5 py-4" data-testid="search-hit">
                <Link to={h.url} className="font-medium text-slate-900 hover:text-brand-700 [&_mark]:bg-amber-100 [&_mark]:text-inherit">
                  {h.type === "townhall" ? <span className="mr-2 rounded bg-violet-100 px-1.5 py-0.5 text-xs font-semibold text-violet-800">Town hall</span> : h.solved ? <span className="mr-2 text-xs font-semibold uppercase text-emerald-700">Solved</span> : null}
                  <span dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                </Link>
                <p className="text-sm text-slate-600 [&_mark]:bg-amber-100 [&_mark]:text-slate-900" dangerouslySetInnerHTML={{ __html: h.snippet }} />
                <p className="text-xs text-slate-500">
                  {categoryNames[h.category] ?? h.category} · {count(h.answerCount, "answer")} · {count(h.score, "vote")} · asked{" "}
                  <RelativeTime iso={h.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
        {totalPages > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between">
            {page > 1 ? (
              <Link to={`/search?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`} className="btn-secondary">
                ← Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="text-sm text-slate-500">
              Page {page} of {totalPages}
            </span>
            {page < totalPages ? (
              <Link to={`/search?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`} className="btn-secondary">
                Next →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </div>
      <aside className="hidden space-y-6 lg:block" aria-label="Filters">
        <FilterSections facets={facets} params={params} toggle={toggle} categoryNames={categoryNames} />
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
