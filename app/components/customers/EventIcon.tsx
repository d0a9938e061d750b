import type { ReactNode } from "react";

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


/** The event's mark on the timeline's line: an icon in its kind's colour. */
export function EventIcon({ kind }: { kind: string }) {
  return (
    <span className={`relative flex h-8 w-8 shrink-0 items-center justify-center rounded-full ring-1 ring-inset ${colours[kind] ?? "bg-slate-100 text-slate-600 ring-slate-200"}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {icons[kind] ?? <circle cx="12" cy="12" r="3" />}
      </svg>
    </span>
  );
}
