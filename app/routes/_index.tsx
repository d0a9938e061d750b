import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { QuestionRow } from "~/components/QuestionRow";
import { SearchBox } from "~/components/SearchBox";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { listQuestions } from "~/domain/questions/list.server";
import { count } from "~/format";

export async function loader({ context }: LoaderFunctionArgs) {
  const [categories, { questions }] = await Promise.all([listVisibleCategories(context.auth.actor), listQuestions(context.auth.actor, { limit: 12 })]);
  return json({ categories, questions, user: context.auth.actor });
}

export default function Home() {
  const { categories, questions, user } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      {/* Compact, so the questions start above the fold; search comes first because the answer may already exist. */}
      <section className="rounded-2xl bg-gradient-to-r from-brand-700 to-brand-600 px-5 py-5 text-white shadow-sm sm:px-8" aria-labelledby="home-heading">
        <div className="flex flex-col gap-4 md:flex-row md:items-center md:justify-between">
          <div className="min-w-0">
            <h1 id="home-heading" className="text-xl font-bold tracking-tight [overflow-wrap:anywhere] sm:text-2xl">
              {user ? `Welcome back, ${user.username}` : "How can we help?"}
            </h1>
            <p className="mt-1 max-w-xl text-sm text-brand-50">
              Search first: most questions are answered by other owners, our advocates or the Nimbus team, usually within the hour.
            </p>
          </div>
          <SearchBox id="home-search" label="Search for an answer" landmark="Answers" placeholder="Describe your problem" className="w-full shrink-0 md:w-96" button="btn bg-white text-brand-700 hover:bg-brand-50" />
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
          {user ? (
            <Link to="/ask" className="font-semibold text-white underline decoration-white/50 underline-offset-4 hover:decoration-white">
              Ask a question
            </Link>
          ) : (
            <>
              <Link to="/signup" className="font-semibold text-white underline decoration-white/50 underline-offset-4 hover:decoration-white">
                Join the community
              </Link>
              <Link to="/login" className="text-brand-50 underline decoration-white/30 underline-offset-4 hover:decoration-white">
                Log in
              </Link>
            </>
          )}
          <Link to="/questions?filter=unanswered" className="text-brand-50 underline decoration-white/30 underline-offset-4 hover:decoration-white">
            Help with an open question
          </Link>
        </div>
      </section>

      <div className="grid gap-8 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="recent-heading">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="recent-heading" className="text-lg font-semibold text-slate-900">
              Recent questions
            </h2>
            <Link to="/questions" className="text-sm link">
              All questions →
            </Link>
          </div>
          {questions.length === 0 ? (
            <div className="card p-8 text-center text-slate-500">No questions yet. Be the first to ask.</div>
          ) : (
            <ul className="card divide-y divide-slate-100">
              {questions.map((q) => (
                <QuestionRow key={q.id} q={q} />
              ))}
            </ul>
          )}
        </section>

        <aside aria-labelledby="categories-heading">
          <h2 id="categories-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Categories
          </h2>
          {categories.length === 0 ? (
            <div className="card p-6 text-sm text-slate-500">Staff have not created categories yet.</div>
          ) : (
            <ul className="space-y-3">
              {categories.map((c) => (
                <li key={c.id} className="card p-4">
                  <div className="flex items-baseline justify-between gap-2">
                    <h3 className="font-medium text-slate-900">
                      <Link to={`/questions?category=${c.slug}`} className="hover:text-brand-700">
                        {c.name}
                      </Link>
                    </h3>
                    <span className="text-xs text-slate-500">{count(c.questionCount, "question")}</span>
                  </div>
                  {c.description ? <p className="mt-1 text-sm text-slate-600">{c.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
