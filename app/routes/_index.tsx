import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { listCategories } from "~/domain/categories/categories.server";
import { recentQuestions } from "~/domain/questions/latest.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const [categories, questions] = await Promise.all([listCategories(), recentQuestions(12)]);
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
          <p className="mt-6 text-sm text-brand-100">Welcome back, {user.username}.</p>
        )}
      </section>

      <div className="grid gap-8 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="recent-heading">
          <h2 id="recent-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Recent questions
          </h2>
          {questions.length === 0 ? (
            <div className="card p-8 text-center text-slate-500">No questions yet. Be the first to ask.</div>
          ) : (
            <ul className="card divide-y divide-slate-100">
              {questions.map((q) => (
                <li key={q.id} className="flex gap-4 px-5 py-4">
                  <div className="hidden w-20 shrink-0 flex-col items-end gap-1 text-xs text-slate-500 sm:flex">
                    <span>
                      {q.score} {Math.abs(q.score) === 1 ? "vote" : "votes"}
                    </span>
                    <span
                      className={
                        q.solved
                          ? "rounded-md bg-emerald-600 px-1.5 py-0.5 font-medium text-white"
                          : q.answerCount > 0
                            ? "rounded-md border border-emerald-600 px-1.5 py-0.5 text-emerald-700"
                            : ""
                      }
                    >
                      {q.answerCount} {q.answerCount === 1 ? "answer" : "answers"}
                    </span>
                  </div>
                  <div className="min-w-0 flex-1">
                    <p className="font-medium text-slate-900">
                      {q.solved ? <span className="mr-2 text-xs font-semibold uppercase text-emerald-700">Solved</span> : null}
                      {q.title}
                    </p>
                    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">{q.category}</span>
                      {q.tags.map((t) => (
                        <span key={t} className="rounded bg-brand-50 px-1.5 py-0.5 text-brand-700">
                          #{t}
                        </span>
                      ))}
                      <span>
                        by{" "}
                        <Link to={`/u/${q.author}`} className="link">
                          {q.author}
                        </Link>
                      </span>
                      <RoleBadge role={q.authorRole} />
                      <span>
                        active <RelativeTime iso={q.lastActivityAt} />
                      </span>
                    </div>
                  </div>
                </li>
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
                    <h3 className="font-medium text-slate-900">{c.name}</h3>
                    <span className="text-xs text-slate-500">{c.questionCount} questions</span>
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
