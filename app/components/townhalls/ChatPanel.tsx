import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { errorsOf, messagesOf, type FormReply } from "~/http/form-result";
import type { LiveChatMessage } from "./live-state";

/** The live chat beside the questions, while the town hall is on and the chat is open (hosts always). */
export function ChatPanel({ chat, live, open, signedIn, me = null }: { chat: LiveChatMessage[]; live: boolean; open: boolean; signedIn: boolean; me?: string | null }) {
  const send = useFetcher<FormReply>();
  const report = useFetcher<FormReply>();
  const form = useRef<HTMLFormElement>(null);
  const refused = messagesOf(send.data);
  useEffect(() => {
    if (send.state === "idle" && send.data && !errorsOf(send.data).failed) form.current?.reset();
  }, [send.state, send.data]);
  return (
    <aside className="space-y-3" aria-label="Chat">
      <h2 className="text-lg font-semibold text-slate-900">Chat</h2>
      {live && open ? (
        <div className="card flex h-96 flex-col p-3">
          <ul className="flex-1 space-y-2 overflow-y-auto text-sm" data-testid="townhall-chat" aria-live="polite">
            {chat.map((m) => (
              <li key={m.id} className="group flex items-start gap-1">
                <p className="min-w-0 flex-1 break-words">
                  <span className="font-medium text-slate-800">{m.author.username}</span> <span className="text-slate-700">{m.body}</span>
                </p>
                {signedIn && m.author.username !== me ? (
                  // Flags from three attendees (or one host or advocate) take a message out of everyone's chat, pending review.
                  <report.Form method="post">
                    <input type="hidden" name="intent" value="flag-chat" />
                    <input type="hidden" name="messageId" value={m.id} />
                    <button type="submit" className="rounded px-1 text-xs text-slate-500 hover:text-rose-700 focus:text-rose-700" aria-label={`Flag ${m.author.username}'s message as abusive`}>
                      Flag
                    </button>
                  </report.Form>
                ) : null}
              </li>
            ))}
          </ul>
          {signedIn ? (
            <send.Form method="post" ref={form} className="mt-2 flex gap-2">
              <input type="hidden" name="intent" value="chat" />
              <label htmlFor="chat-body" className="sr-only">
                Message
              </label>
              <input id="chat-body" name="body" className="input py-1.5 text-sm" maxLength={500} required />
              <button type="submit" className="btn-secondary px-3 py-1.5 text-sm">
                Send
              </button>
            </send.Form>
          ) : null}
          {refused.length || messagesOf(report.data).length ? <p className="text-xs text-rose-700">{[...refused, ...messagesOf(report.data)].join(" ")}</p> : null}
        </div>
      ) : (
        <p className="card p-4 text-sm text-slate-500">{live ? "The hosts have turned the chat off." : "The chat opens when the town hall goes live."}</p>
      )}
    </aside>
  );
}
