import { Link } from "@remix-run/react";

export interface Suggestion {
  id: string;
  title: string;
  url: string;
  solved: boolean;
  acceptedAnswerSnippet: string | null;
}

/** Existing questions that may already answer a draft: solved ones first, with the solution's opening words. */
export function SimilarQuestions({ suggestions, draftId, token, onOpen }: { suggestions: Suggestion[]; draftId?: string; token?: string; onOpen?: (id: string) => void }) {
  if (!suggestions.length) return null;
  return (
    <section className="rounded-xl border border-amber-200 bg-amber-50/70 p-4" aria-live="polite" data-testid="similar-questions">
      <h2 className="text-sm font-semibold text-amber-900">These may already answer your question</h2>
      <ul className="mt-2 space-y-2">
        {suggestions.map((s) => (
          <li key={s.id} className="rounded-lg bg-white p-3 shadow-sm">
            <Link
              // The question page says "this solved my problem" with the suggestions' token.
              to={draftId ? `${s.url}?${new URLSearchParams({ from: "ask", draft: draftId, ...(token ? { token } : {}) })}` : s.url}
              target={draftId ? "_blank" : undefined}
              rel={draftId ? "noopener" : undefined}
              onClick={() => onOpen?.(s.id)}
              className="font-medium text-slate-900 hover:text-brand-700"
            >
              {s.solved ? <span className="mr-2 rounded bg-emerald-700 px-1.5 py-0.5 text-[10px] font-semibold uppercase text-white">Solved</span> : null}
              {s.title}
            </Link>
            {s.acceptedAnswerSnippet ? <p className="mt-1 text-sm text-slate-600">{s.acceptedAnswerSnippet}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
