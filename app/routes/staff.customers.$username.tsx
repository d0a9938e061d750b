import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { getCustomerTimeline } from "~/domain/escalation/timeline.server";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.customer.username} · Customer history · Nimbus Community` : "Customer history · Nimbus Community" },
];

// The domain returns at most this many events, newest first.
const LIMIT = 200;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    // The domain orders the events (newest first, a question below what it caused at the same instant).
    return json(await getCustomerTimeline(actor, params.username ?? ""));
  } catch (err) {
    throwAsResponse(err);
  }
}

type TimelineEvent = SerializeFrom<typeof loader>["events"][number];

const reasons: Record<string, string> = {
  advocate_window: "no advocate reply in time",
  asker: "the customer asked for staff",
  urgent: "marked urgent",
  staff: "sent by staff",
};
const states: Record<string, string> = {
  routing: "With advocates",
  escalated: "Escalated",
  assigned: "Assigned",
  waiting_on_customer: "Waiting on customer",
  solved: "Solved",
};
const solvers: Record<string, string> = { staff: "staff", advocate: "an advocate", peer: "a peer" };
const responders: Record<string, string> = { staff: "staff", advocate: "an advocate", peer: "a peer" };

const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function minutes(n: number) {
  if (n < 60) return `${n} min`;
  if (n < 1440) return `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ""}`;
  const days = Math.round(n / 144) / 10;
  return `${days} ${days === 1 ? "day" : "days"}`;
}

const Who = ({ name }: { name: string | null }) => <span className="font-semibold text-slate-900">{name ?? "someone"}</span>;

const icons: Record<string, ReactNode> = {
  question: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.2a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1 1-1.1 1.7v.4" />
      <path d="M12 17h.01" />
    </>
  ),
  question_deleted: <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />,
  answer: <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.5A8 8 0 1 1 21 12Z" />,
  escalated: <path d="M12 19V5M5.5 11.5 12 5l6.5 6.5" />,
  routed: (
    <>
      <circle cx="6" cy="12" r="2.5" />
      <circle cx="18" cy="6" r="2.5" />
      <circle cx="18" cy="18" r="2.5" />
      <path d="m8.3 10.8 7.4-3.6M8.3 13.2l7.4 3.6" />
    </>
  ),
  claimed: (
    <>
      <circle cx="9" cy="8" r="4" />
      <path d="M2 21a7 7 0 0 1 14 0M16 11l2 2 4-4" />
    </>
  ),
  status_changed: <path d="M4 4v5h5M20 20v-5h-5M19.4 9A8 8 0 0 0 5 7.3L4 9M4.6 15A8 8 0 0 0 19 16.7l1-1.7" />,
  moved_private: (
    <>
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </>
  ),
  first_response: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  solved: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="m8 12.5 2.8 2.8L16.5 9" />
    </>
  ),
  breached: <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0ZM12 9v4M12 17h.01" />,
  note: <path d="M4 4h16v11l-5 5H4ZM15 20v-5h5M8 9h8M8 13h4" />,
  private_message: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3.5 7 8.5 6 8.5-6" />
    </>
  ),
};
icons.assigned = icons.claimed;
icons.townhall_question = icons.question;

const colours: Record<string, string> = {
  question: "bg-sky-100 text-sky-700 ring-sky-200",
  question_deleted: "bg-slate-100 text-slate-500 ring-slate-200",
  answer: "bg-teal-100 text-teal-700 ring-teal-200",
  escalated: "bg-amber-100 text-amber-700 ring-amber-200",
  routed: "bg-violet-100 text-violet-700 ring-violet-200",
  claimed: "bg-brand-100 text-brand-700 ring-brand-200",
  assigned: "bg-brand-100 text-brand-700 ring-brand-200",
  status_changed: "bg-slate-100 text-slate-600 ring-slate-200",
  moved_private: "bg-indigo-100 text-indigo-700 ring-indigo-200",
  first_response: "bg-cyan-100 text-cyan-700 ring-cyan-200",
  solved: "bg-emerald-100 text-emerald-700 ring-emerald-200",
  breached: "bg-rose-100 text-rose-700 ring-rose-200",
  note: "bg-yellow-100 text-yellow-800 ring-yellow-200",
  private_message: "bg-indigo-100 text-indigo-700 ring-indigo-200",
  townhall_question: "bg-fuchsia-100 text-fuchsia-700 ring-fuchsia-200",
};

/** What happened, as a sentence a support person reads at a glance. */
function sentence(e: TimelineEvent, customer: string): ReactNode {
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.kind) {
    case "question":
      return "Asked a question";
    case "townhall_question":
      return d.status === "answered" ? "Asked at a town hall (answered)" : "Asked at a town hall";
    case "question_deleted":
      return "Asked a question (since deleted)";
    case "answer":
      return "Answered";
    case "escalated": {
      const reason = str(d.reason);
      if (reason === "staff")
        return (
          <>
            Escalated to staff by <Who name={e.actor} />
          </>
        );
      return `Escalated to staff${reason ? ` (${reasons[reason] ?? reason.replace(/_/g, " ")})` : ""}`;
    }
    case "routed": {
      const n = num(d.advocates);
      return n === null ? "Routed to advocates" : `Routed to ${n} ${n === 1 ? "advocate" : "advocates"}`;
    }
    case "claimed":
      return (
        <>
          Claimed by <Who name={e.actor ?? str(d.assignee)} />
        </>
      );
    case "assigned":
      return (
        <>
          Assigned to <Who name={str(d.assignee)} />
          {e.actor ? (
            <>
              {" "}
              by <Who name={e.actor} />
            </>
          ) : null}
        </>
      );
    case "status_changed": {
      const from = str(d.from);
      const to = str(d.to);
      return (
        <>
          Status changed {from ? `from ${states[from] ?? from} ` : ""}
          {to ? `to ${states[to] ?? to}` : ""}
          {e.actor ? (
            <>
              {" "}
              by <Who name={e.actor} />
            </>
          ) : null}
        </>
      );
    }
    case "moved_private":
      return (
        <>
          Moved to a private thread{e.actor ? " by " : ""}
          {e.actor ? <Who name={e.actor} /> : null}
        </>
      );
    case "first_response": {
      const role = str(d.role);
      const after = num(d.minutes);
      const who = role ? (responders[role] ?? role) : null;
      return (
        <>
          First response{" "}
          {e.actor ? (
            <>
              by <Who name={e.actor} />
              {who ? ` (${who})` : ""}
            </>
          ) : (
            `from ${who ?? "the team"}`
          )}
          {after === null ? "" : after < 1 ? ", within a minute of asking" : `, ${minutes(after)} after asking`}
        </>
      );
    }
    case "solved": {
      const by = str(d.by);
      return (
        <>
          Solved by {by ? (solvers[by] ?? by) : "someone"}
          {d.private === true ? " in private" : ""}
          {e.actor && e.actor !== customer ? (
            <span className="text-slate-500">
              {" "}
              · marked by <Who name={e.actor} />
            </span>
          ) : e.actor === customer ? (
            <span className="text-slate-500"> · marked by the customer</span>
          ) : null}
        </>
      );
    }
    case "breached":
      return "SLA breached: the first-response target passed without a reply";
    case "note":
      return (
        <>
          Internal note by <Who name={e.actor} />
        </>
      );
    case "private_message":
      return e.actor === customer ? (
        "Private message from the customer"
      ) : (
        <>
          Private message from <Who name={e.actor} />
        </>
      );
    default:
      return (e as { kind: string }).kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  }
}

function Detail({ e }: { e: TimelineEvent }) {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const text = e.kind === "escalated" ? str(d.note) : e.text;
  if (!text) return null;
  if (e.kind === "note") {
    return <p className="mt-2 whitespace-pre-line break-words rounded-lg border border-yellow-200 bg-yellow-50 px-3 py-2 text-sm text-slate-800">{text}</p>;
  }
  if (e.kind === "private_message") {
    return <p className="mt-2 line-clamp-4 whitespace-pre-line break-words rounded-lg border border-indigo-100 bg-indigo-50/60 px-3 py-2 text-sm text-slate-700">{text}</p>;
  }
  if (e.kind === "escalated") {
    return <blockquote className="mt-2 border-l-2 border-amber-300 pl-3 text-sm italic text-slate-700">“{text}”</blockquote>;
  }
  return <p className="mt-1.5 line-clamp-2 break-words text-sm text-slate-600">{text}</p>;
}

function EventItem({ e, customer, last }: { e: TimelineEvent; customer: string; last: boolean }) {
  return (
    <li className="relative flex gap-3 pb-6 sm:gap-4" data-kind={e.kind}>
      {last ? null : <span className="absolute left-4 top-9 -ml-px h-[calc(100%-2.25rem)] w-0.5 bg-slate-200" aria-hidden="true" />}
      <span className={`relative flex h-8 w-8 shrink-0 items-center justify-center rounded-full ring-1 ring-inset ${colours[e.kind] ?? "bg-slate-100 text-slate-600 ring-slate-200"}`} aria-hidden="true">
        <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          {icons[e.kind] ?? <circle cx="12" cy="12" r="3" />}
        </svg>
      </span>
      <div className="min-w-0 flex-1 pt-1">
        <div className="flex flex-col gap-x-3 gap-y-0.5 sm:flex-row sm:items-baseline sm:justify-between">
          <p className="text-sm text-slate-700">{sentence(e, customer)}</p>
          <span className="shrink-0 text-xs text-slate-500">
            <RelativeTime iso={e.at} />
          </span>
        </div>
        {e.question ? (
          <p className="mt-0.5 text-sm">
            <Link to={e.question.url} className={`link break-words ${e.kind === "question_deleted" ? "text-slate-500 line-through decoration-slate-400" : ""}`}>
              {e.question.title}
            </Link>
          </p>
        ) : null}
        <Detail e={e} />
      </div>
    </li>
  );
}

const memberSince = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

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
            Member since <time dateTime={customer.createdAt}>{memberSince.format(new Date(customer.createdAt))}</time> ·{" "}
            {customer.reputation.toLocaleString("en")} reputation
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
                  <span className="font-semibold">{s.n}</span> {s.n === 1 ? s.one : s.many}
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
