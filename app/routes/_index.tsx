import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { QuestionRow } from "~/components/QuestionRow";
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
    <div className="space-y-10">
      <section className="overflow-hidden rounded-2xl bg-gradient-to-br from-brand-700 via-brand-600 to-sky-500 px-6 py-10 text-white shadow-lg sm:px-10">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">How can we help?</h1>
        <p className="mt-3 max-w-2xl text-brand-50">
          Ask other Nimbus owners, our brand advocates and the Nimbus team. Most questions are answered by the community
          within the hour, and staff step in when nobody has.
        </p>
        {!user ? (
          <div className="mt-6 flex flex-wrap gap-3">
            <Link to="/signup" className="btn bg-white text-brand-700 hover:bg-brand-50">
              Join the community
            </Link>
            <Link to="/login" className="btn border border-white/40 text-white hover:bg-white/10">
              Log in
            </Link>
          </div>
        ) : (
          <div className="mt-6 flex flex-wrap items-center gap-3">
            <Link to="/ask" className="btn bg-white text-brand-700 hover:bg-brand-50">
              Ask a question
            </Link>
            <span className="text-sm text-brand-100">Welcome back, {user.username}.</span>
          </div>
        )}
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
