import { Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { Suggestion } from "../SimilarQuestions";

/** Related questions, fetched after the page shows so they never slow the thread down. */
export function RelatedQuestions({ id, title, body, category }: { id: string; title: string; body: string; category?: string }) {
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const { load } = fetcher;
  useEffect(() => {
    // The question's own category nudges its neighbours up among equals.
    load(`/api/v1/search/similar?${new URLSearchParams({ title, body: body.slice(0, 300), exclude: id, limit: "5", ...(category ? { near: category } : {}) })}`);
  }, [id, title, body, category, load]);
  const list = fetcher.data?.suggestions ?? [];
  if (!list.length) return null;
  return (
    <aside className="card p-5" aria-label="Related questions" data-testid="related">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Related questions</h2>
      <ul className="mt-3 space-y-2">
        {list.map((s) => (
          <li key={s.id} className="text-sm">
            <Link to={s.url} className="text-slate-800 hover:text-brand-700">
              {s.solved ? <span className="mr-1.5 text-xs font-semibold text-emerald-700">✓</span> : null}
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}
