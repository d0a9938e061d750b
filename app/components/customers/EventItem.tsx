import { Link } from "@remix-run/react";
import { RelativeTime } from "../RelativeTime";
import { EventIcon } from "./EventIcon";
import { sentence } from "./sentence";
import type { TimelineEvent } from "./timeline-event";

export type { TimelineEvent };

function Detail({ e }: { e: TimelineEvent }) {
  // An escalation carries the asker's note as its text.
  const text = e.kind === "escalated" ? (e.data.note ?? null) : e.text;
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

/** One event of the timeline: its icon, its sentence, the question it concerns and any text it carried. */
export function EventItem({ e, customer, last }: { e: TimelineEvent; customer: string; last: boolean }) {
  return (
    <li className="relative flex gap-3 pb-6 sm:gap-4" data-kind={e.kind}>
      {last ? null : <span className="absolute left-4 top-9 -ml-px h-[calc(100%-2.25rem)] w-0.5 bg-slate-200" aria-hidden="true" />}
      <EventIcon kind={e.kind} />
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
