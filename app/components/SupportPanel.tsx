import { Form, Link, useNavigation } from "@remix-run/react";
import { Avatar } from "./Avatar";
import { ClientKeyInput, useClientKey } from "./ClientKey";
import { RelativeTime } from "./RelativeTime";
import { RoleBadge } from "./RoleBadge";
import { SlaClock } from "./SlaClock";
import type { CaseView, caseForAsker } from "~/domain/escalation/cases.server";
import type { listNotes } from "~/domain/escalation/notes.server";
import type { listPrivateMessages } from "~/domain/escalation/private-thread.server";
import { withArticle } from "~/format";
import { LocalTime } from "./TimeZone";

type Notes = Awaited<ReturnType<typeof listNotes>>;
type PrivateMessages = Awaited<ReturnType<typeof listPrivateMessages>>;
type AskerCase = NonNullable<Awaited<ReturnType<typeof caseForAsker>>>;

const stateLabels: Record<string, string> = {
  routing: "With advocates",
  escalated: "Escalated to staff",
  assigned: "Assigned",
  waiting_on_customer: "Waiting on customer",
  solved: "Solved",
};

function Busy({ children, className, name, value }: { children: string; className: string; name?: string; value?: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <button type="submit" name={name} value={value} disabled={busy} className={className}>
      {children}
    </button>
  );
}

/** What staff see on a question: the case, its clock, who has it, internal notes, saved replies and the private switch. */
export function StaffPanel({
  support,
  notes,
  staff,
  savedReplies,
  customer,
}: {
  support: CaseView | null;
  notes: Notes;
  staff: { username: string }[];
  savedReplies: { id: string; title: string }[];
  customer: string;
}) {
  return (
    <section className="card space-y-4 border-brand-200 bg-brand-50/30 p-5" aria-label="Staff" data-testid="staff-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-brand-800">Staff</h2>
          {support ? (
            <span className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200" data-testid="case-state">
              {stateLabels[support.state] ?? support.state}
            </span>
          ) : null}
          {support?.urgent ? <span className="rounded bg-rose-100 px-1.5 py-0.5 text-xs font-semibold text-rose-800">Urgent</span> : null}
          {support?.isPrivate ? <span className="rounded bg-violet-100 px-1.5 py-0.5 text-xs font-semibold text-violet-800">Private</span> : null}
        </div>
        <Link to={`/staff/customers/${encodeURIComponent(customer)}`} className="link text-sm">
          {customer}'s history
        </Link>
      </div>
      {support && support.state !== "solved" ? (
        <div className="flex flex-wrap items-center gap-4">
          <SlaClock dueAt={support.slaDueAt} breached={support.breached} breachDeadline={support.breachDeadline} stopped={support.clockStoppedAt !== null} />
          <div className="text-sm text-slate-600">
            {support.assignee ? (
              <span className="inline-flex items-center gap-1.5">
                Assigned to <Avatar username={support.assignee.username} size="sm" /> <strong>{support.assignee.username}</strong>
              </span>
            ) : (
              "Nobody has this yet."
            )}
            {support.firstResponseAt ? (
              <div className="text-xs text-slate-600">
                First response <RelativeTime iso={support.firstResponseAt} /> by {withArticle(support.firstResponseRole === "peer" ? "peer" : support.firstResponseRole === "advocate" ? "advocate" : "staff member")}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
      {support?.state === "solved" ? <p className="text-sm text-slate-600">Solved by {support.solvedBy === "peer" ? "a peer" : support.solvedBy}.</p> : null}
      <div className="flex flex-wrap items-end gap-2">
        {support && !support.assignee && support.state !== "solved" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="claim" />
            <Busy className="btn-primary px-3 py-1.5 text-sm">Claim</Busy>
          </Form>
        ) : null}
        <Form method="post" className="flex items-end gap-1">
          <input type="hidden" name="intent" value="assign" />
          <label className="text-xs font-medium text-slate-600">
            Assign to
            <select name="username" className="input mt-0.5 py-1.5" defaultValue={support?.assignee?.username ?? ""}>
              <option value="" disabled>
                Choose…
              </option>
              {staff.map((s) => (
                <option key={s.username} value={s.username}>
                  {s.username}
                </option>
              ))}
            </select>
          </label>
          <Busy className="btn-secondary px-3 py-1.5 text-sm">Assign</Busy>
        </Form>
        <Form method="post" className="flex items-end gap-1">
          <input type="hidden" name="intent" value="status" />
          <label className="text-xs font-medium text-slate-600">
            Status
            <select name="status" className="input mt-0.5 py-1.5" defaultValue={support && support.state !== "routing" ? support.state : "escalated"}>
              <option value="escalated">Escalated</option>
              <option value="assigned">Assigned</option>
              <option value="waiting_on_customer">Waiting on customer</option>
              <option value="solved">Solved</option>
            </select>
          </label>
          <Busy className="btn-secondary px-3 py-1.5 text-sm">Set</Busy>
        </Form>
        {support && !support.isPrivate ? (
          <Form method="post">
            <input type="hidden" name="intent" value="private" />
            <Busy className="btn-ghost px-3 py-1.5 text-sm">Take private</Busy>
          </Form>
        ) : null}
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">Internal notes</h3>
        <p className="text-xs text-slate-600">Only staff ever see these: not the customer, not advocates, not search.</p>
        {notes.length ? (
          <ul className="space-y-2" data-testid="staff-notes">
            {notes.map((n) => (
              <li key={n.id} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
                <div className="prose-forum" dangerouslySetInnerHTML={{ __html: n.html }} />
                <div className="mt-1 text-xs text-slate-600">
                  {n.author.username} · <RelativeTime iso={n.createdAt} />
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        <NoteForm />
      </div>
      <SavedReplyForm savedReplies={savedReplies} />
    </section>
  );
}

function NoteForm() {
  const key = useClientKey("note");
  return (
    <Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end" key={key}>
      <input type="hidden" name="intent" value="note" />
      <ClientKeyInput value={key} />
      <label className="min-w-0 flex-1 text-xs font-medium text-slate-600">
        Add a note
        <textarea name="body" rows={2} className="input mt-0.5" required placeholder="What the next person on this case should know" />
      </label>
      <Busy className="btn-secondary px-3 py-1.5 text-sm">Save note</Busy>
    </Form>
  );
}

/** Answer with an approved template (staff and advocates): the answer is posted as the user's own. */
export function SavedReplyForm({ savedReplies }: { savedReplies: { id: string; title: string }[] }) {
  const key = useClientKey("saved-reply");
  if (!savedReplies.length) return null;
  return (
    <Form method="post" className="space-y-2" data-testid="saved-reply-form" key={key}>
      <input type="hidden" name="intent" value="saved-reply" />
      <ClientKeyInput value={key} />
      <h3 className="text-sm font-semibold text-slate-800">Reply with a saved reply</h3>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="text-xs font-medium text-slate-600">
          Saved reply
          <select name="replyId" className="input mt-0.5 py-1.5" required defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {savedReplies.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-0 flex-1 text-xs font-medium text-slate-600">
          Anything to add (optional)
          <input name="extra" className="input mt-0.5" />
        </label>
        <Busy className="btn-primary px-3 py-1.5 text-sm">Post reply</Busy>
      </div>
    </Form>
  );
}

/** The asker's view of where their question stands, and the "I need staff" button. */
export function AskerSupport({ support }: { support: AskerCase }) {
  if (support.state === "solved") return null;
  if (support.withStaff) {
    return (
      <div role="status" className="rounded-xl border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-brand-900" data-testid="with-staff">
        The Nimbus team has your question.{" "}
        {support.replyExpectedBy ? (
          <>
            Expect a reply by{" "}
            <strong>
              <LocalTime iso={support.replyExpectedBy} />
            </strong>
            .
          </>
        ) : (
          "They have replied: check below."
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
      <span>
        Community advocates see your question first.
        {support.replyExpectedBy ? " If nobody helps in time, it goes to the Nimbus team automatically." : null}
      </span>
      {support.canEscalate ? (
        <Form method="post" className="flex items-center gap-2">
          <input type="hidden" name="intent" value="escalate" />
          <Busy className="btn-secondary px-3 py-1.5 text-sm">I need staff</Busy>
        </Form>
      ) : null}
    </div>
  );
}

/** The private conversation between the asker and staff. */
export function PrivateThread({ messages }: { messages: PrivateMessages }) {
  const key = useClientKey("message");
  return (
    <section className="card space-y-3 border-violet-200 p-5" aria-label="Private conversation" data-testid="private-thread">
      <h2 className="text-base font-semibold text-slate-900">Private conversation with the Nimbus team</h2>
      <p className="text-xs text-slate-600">Only you and Nimbus staff can read this.</p>
      <ul className="space-y-3">
        {messages.map((m) => (
          <li key={m.id} className="rounded-lg bg-slate-50 px-4 py-3" data-testid="private-message">
            <div className="mb-1 flex items-center gap-2 text-xs text-slate-600">
              <Avatar username={m.author.username} size="sm" />
              <span className="font-medium text-slate-800">{m.author.username}</span>
              <RoleBadge role={m.author.role} />
              <RelativeTime iso={m.createdAt} />
            </div>
            <div className="prose-forum text-sm" dangerouslySetInnerHTML={{ __html: m.html }} />
          </li>
        ))}
      </ul>
      <Form method="post" className="space-y-2" key={key}>
        <input type="hidden" name="intent" value="message" />
        <ClientKeyInput value={key} />
        <label className="block text-xs font-medium text-slate-600">
          Your message
          <textarea name="body" rows={3} className="input mt-0.5" required />
        </label>
        <Busy className="btn-primary px-3 py-1.5 text-sm">Send privately</Busy>
      </Form>
    </section>
  );
}
