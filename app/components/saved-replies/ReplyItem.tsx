import { Form, Link, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import type { listSavedReplies } from "~/domain/escalation/saved-replies.server";
import { RelativeTime } from "../RelativeTime";
import { times } from "~/format";

/** The body with its {{placeholders}} marked, so a reader sees what gets filled in. */
function Preview({ body }: { body: string }) {
  const parts = body.split(/(\{\{\s*\w+\s*\}\})/g);
  return (
    <p className="line-clamp-3 break-words text-sm text-slate-700">
      {parts.map((part, i) =>
        /^\{\{\s*\w+\s*\}\}$/.test(part) ? (
          <code key={i} className="rounded bg-brand-50 px-1 py-0.5 font-mono text-[12px] text-brand-800">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

type Reply = Awaited<ReturnType<typeof listSavedReplies>>[number];

export function ReplyItem({ reply, canApprove }: { reply: Reply; canApprove: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("id") === reply.id;
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start" data-testid={`reply-${reply.id}`}>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium text-slate-900">{reply.title}</h3>
          {reply.approved ? (
            <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-200">
              <svg viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <path d="m5 10.5 3 3 7-7" />
              </svg>
              Approved{reply.approvedBy ? ` by ${reply.approvedBy}` : ""}
            </span>
          ) : (
            <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">
              Waiting for an admin
            </span>
          )}
        </div>
        <Preview body={reply.body} />
        <p className="text-xs text-slate-500">
          by{" "}
          <Link to={`/u/${encodeURIComponent(reply.createdBy)}`} className="hover:text-slate-700 hover:underline">
            {reply.createdBy}
          </Link>{" "}
          · <RelativeTime iso={reply.createdAt} /> · {reply.useCount === 0 ? "not used yet" : `used ${times(reply.useCount)}`}
        </p>
      </div>
      {canApprove && !reply.approved ? (
        <Form method="post" className="shrink-0">
          <input type="hidden" name="id" value={reply.id} />
          <button type="submit" name="intent" value="approve" className="btn-primary px-3 py-1.5" disabled={busy} aria-label={`Approve “${reply.title}”`}>
            {busy ? "Approving…" : "Approve"}
          </button>
        </Form>
      ) : null}
    </li>
  );
}
