import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { errorsOf, messagesOf, type FormReply } from "~/http/form-result";

/** Asking the hosts, before or during the town hall; the box empties once the question is in. */
export function AskForm({ live, moderated }: { live: boolean; moderated: boolean }) {
  const ask = useFetcher<FormReply>();
  const form = useRef<HTMLFormElement>(null);
  const refused = messagesOf(ask.data);
  useEffect(() => {
    if (ask.state === "idle" && ask.data && !errorsOf(ask.data).failed) form.current?.reset();
  }, [ask.state, ask.data]);
  return (
    <ask.Form method="post" ref={form} className="card space-y-2 p-4">
      <input type="hidden" name="intent" value="ask" />
      <label htmlFor="townhall-ask" className="block text-sm font-medium text-slate-700">
        {live ? "Ask the team" : "Ask ahead of time"}
      </label>
      <textarea id="townhall-ask" name="body" rows={2} className="input" maxLength={500} required />
      {refused.length ? <p className="text-xs text-rose-700">{refused.join(" ")}</p> : null}
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-slate-500">{moderated ? "A host approves questions before everyone sees them." : "Your question appears at once."}</span>
        <button type="submit" className="btn-primary px-3 py-1.5 text-sm" disabled={ask.state !== "idle"}>
          Ask
        </button>
      </div>
    </ask.Form>
  );
}
