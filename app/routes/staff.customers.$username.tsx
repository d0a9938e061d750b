import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { EventItem } from "~/components/customers/EventItem";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RoleBadge } from "~/components/RoleBadge";
import { getCustomerTimeline } from "~/domain/escalation/timeline.server";
import { page, signedIn } from "~/http/page.server";
import { formatNumber, plural } from "~/format";
import { pageTitle } from "~/meta";
import { LocalTime } from "~/components/TimeZone";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, data.customer.username, "Customer history") : pageTitle(matches, "Customer history") },
];

// The domain returns at most this many events, newest first.
const LIMIT = 200;

// The domain orders the events (newest first, a question below what it caused at the same instant).
export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await getCustomerTimeline(signedIn(args), args.params.username ?? "")));
}


export default function CustomerHistory() {
  const { customer, events } = useLoaderData<typeof loader>();
  const count = (...kinds: string[]) => events.filter((e) => kinds.includes(e.kind)).length;
  const stats = [
    { key: "questions", n: count("question", "question_deleted"), one: "question", many: "questions" },
    { key: "answers", n: count("answer"), one: "answer", many: "answers" },
    { key: "escalations", n: count("escalated"), one: "escalation", many: "escalations" },
    { key: "breaches", n: count("breached"), one: "SLA breach", many: "SLA breaches" },
    { key: "solved", n: count("solved"), one: "solved", many: "solved" },
  ];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/staff/queue" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <span aria-hidden="true">←</span> Staff queue
      </Link>
      <header className="card flex flex-wrap items-center gap-4 p-5">
        <Avatar username={customer.username} size="lg" />
        <div className="min-w-[12rem] flex-1 space-y-1">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">Customer history</p>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="break-all text-2xl font-bold text-slate-900">{customer.username}</h1>
            <RoleBadge role={customer.role} always />
          </div>
          <p className="text-sm text-slate-600">
            Member since <LocalTime iso={customer.createdAt} style="date" /> ·{" "}
            {formatNumber(customer.reputation)} reputation
          </p>
        </div>
        <Link to={customer.url} className="btn-secondary">
          Public profile
        </Link>
      </header>

      {events.length ? (
        <section aria-labelledby="timeline-title" className="space-y-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="timeline-title" className="text-lg font-semibold text-slate-900">
              Timeline <span className="text-sm font-normal text-slate-500">newest first</span>
            </h2>
            <ul className="flex flex-wrap gap-1.5 text-xs" aria-label="Summary">
              {stats.map((s) => (
                <li key={s.key} className={`rounded-full px-2 py-0.5 ring-1 ring-inset ${s.key === "breaches" && s.n ? "bg-rose-50 text-rose-700 ring-rose-200" : "bg-white text-slate-600 ring-slate-200"}`}>
                  <span className="font-semibold">{formatNumber(s.n)}</span> {plural(s.n, s.one, s.many)}
                </li>
              ))}
            </ul>
          </div>
          <div className="card p-5">
            <ol className="-mb-6" data-testid="timeline">
              {events.map((e, i) => (
                <EventItem key={`${e.kind}-${e.at}-${i}`} e={e} customer={customer.username} last={i === events.length - 1} />
              ))}
            </ol>
          </div>
          {events.length >= LIMIT ? <p className="text-center text-xs text-slate-500">Showing the latest {LIMIT} events.</p> : null}
        </section>
      ) : (
        <div className="card p-8 text-center">
          <p className="font-medium text-slate-900">Nothing here yet</p>
          <p className="mt-1 text-sm text-slate-600">{customer.username} hasn't asked or answered anything, and no support case mentions them.</p>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
