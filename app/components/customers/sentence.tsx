import type { ReactNode } from "react";
import type { TimelineEvent } from "./timeline-event";
import { count } from "~/format";

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

function minutes(n: number) {
  if (n < 60) return `${n} min`;
  if (n < 1440) return `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ""}`;
  const days = Math.round(n / 144) / 10;
  return count(days, "day");
}

const Who = ({ name }: { name: string | null }) => <span className="font-semibold text-slate-900">{name ?? "someone"}</span>;

/** What happened, as a sentence a support person reads at a glance. */
export function sentence(e: TimelineEvent, customer: string): ReactNode {
  // Each kind carries its own typed data (the domain's TimelineEvent union).
  switch (e.kind) {
    case "question":
      return "Asked a question";
    case "townhall_question":
      return e.data.status === "answered" ? "Asked at a town hall (answered)" : "Asked at a town hall";
    case "question_deleted":
      return "Asked a question (since deleted)";
    case "answer":
      return "Answered";
    case "escalated": {
      const reason = e.data.reason;
      if (reason === "staff")
        return (
          <>
            Escalated to staff by <Who name={e.actor} />
          </>
        );
      return `Escalated to staff${reason ? ` (${reasons[reason] ?? reason.replace(/_/g, " ")})` : ""}`;
    }
    case "routed": {
      const n = e.data.advocates;
      return n === null ? "Routed to advocates" : `Routed to ${count(n, "advocate")}`;
    }
    case "claimed":
      return (
        <>
          Claimed by <Who name={e.actor ?? e.data.assignee} />
        </>
      );
    case "assigned":
      return (
        <>
          Assigned to <Who name={e.data.assignee} />
          {e.actor ? (
            <>
              {" "}
              by <Who name={e.actor} />
            </>
          ) : null}
        </>
      );
    case "status_changed": {
      const { from, to } = e.data;
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
      const role = e.data.role;
      const after = e.data.minutes;
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
      const by = e.data.by;
      return (
        <>
          Solved by {by ? (solvers[by] ?? by) : "someone"}
          {e.data.private === true ? " in private" : ""}
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
  }
}
