import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RoleBadge } from "~/components/RoleBadge";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { FASTEST_MIN_RESPONSES, getLeaderboard } from "~/domain/reputation/leaderboard.server";
import { page } from "~/http/page.server";
import { count, formatNumber } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Leaderboard") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ request, context }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const [board, categories] = await Promise.all([getLeaderboard(context.auth.actor, query), listVisibleCategories(context.auth.actor)]);
    return json({ board, categories: categories.map((c) => ({ slug: c.slug, name: c.name })) });
  });
}

const periodLabels = { week: "This week", month: "This month", all: "All time" } as const;
const boardLabels = { points: "Reputation", accepted: "Solutions", fastest: "Fastest first response" } as const;

function duration(seconds: number | null) {
  if (seconds === null) return "–";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

export default function Leaderboard() {
  const { board, categories } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    return `?${next}`;
  };
  const value = (e: (typeof board.entries)[number]) =>
    board.board === "points" ? `${formatNumber(e.points)} pts` : board.board === "accepted" ? count(e.accepted, "solution") : duration(e.averageResponseSeconds);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Leaderboard</h1>
          <p className="text-sm text-slate-600">
            The community members who help most. Staff are not ranked. <Link to="/help/reputation" className="link">How points work</Link>
          </p>
        </div>
        <Form method="get" className="flex flex-wrap items-end gap-2" onChange={(e) => submit(e.currentTarget)}>
          <input type="hidden" name="period" value={board.period} />
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-600">Ranked by</span>
            <select name="board" defaultValue={board.board} className="input py-1.5">
              {Object.entries(boardLabels).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-600">Category</span>
            <select name="category" defaultValue={board.category?.slug ?? ""} className="input py-1.5">
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <noscript>
            <button type="submit" className="btn-secondary py-1.5">
              Show
            </button>
          </noscript>
        </Form>
      </div>
      <nav aria-label="Period" className="flex gap-1 border-b border-slate-200">
        {(Object.keys(periodLabels) as (keyof typeof periodLabels)[]).map((p) => (
          <Link
            key={p}
            to={link({ period: p })}
            aria-current={board.period === p ? "page" : undefined}
            className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${board.period === p ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {periodLabels[p]}
          </Link>
        ))}
      </nav>
      {board.board === "fastest" ? (
        <p className="text-sm text-slate-500">Average time to a question's first response, among members with at least {FASTEST_MIN_RESPONSES} first responses in the period.</p>
      ) : null}
      {board.entries.length ? (
        <ol className="card divide-y divide-slate-100" data-testid="leaderboard">
          {board.entries.map((e) => (
            <li key={e.username} className="flex items-center gap-4 px-4 py-3">
              <span className={`w-8 text-center text-lg font-bold ${e.rank <= 3 ? "text-amber-700" : "text-slate-500"}`}>{e.rank}</span>
              <Avatar username={e.username} size="sm" src={e.avatarUrl} />
              <div className="min-w-0 flex-1">
                <Link to={e.url} className="font-medium text-slate-900 hover:text-brand-700">
                  {e.username}
                </Link>{" "}
                <RoleBadge role={e.role} />
                <div className="text-xs text-slate-500">
                  {e.rankName} · {count(e.accepted, "solution")} · {count(e.firstResponses, "first response")}
                </div>
              </div>
              <span className="font-semibold tabular-nums text-slate-900">{value(e)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <div className="card p-8 text-center text-slate-600">
          Nobody on this board yet{board.period === "week" ? " this week" : ""}. <Link to="/questions?filter=unanswered" className="link">Answer an open question</Link> to be the first.
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
