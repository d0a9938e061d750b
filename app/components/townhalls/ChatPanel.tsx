import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { errorsOf, messagesOf, type FormReply } from "~/http/form-result";
import type { LiveChatMessage } from "./live-state";

/** The live chat beside the questions, while the town hall is on and the chat is open (hosts always). */
export function ChatPanel({ chat, live, open, signedIn }: { chat: LiveChatMessage[]; live: boolean; open: boolean; signedIn: boolean }) {
  const send = useFetcher<FormReply>();
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
              <li key={m.id}>
                <span className="font-medium text-slate-800">{m.author.username}</span> <span className="text-slate-700">{m.body}</span>
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
          {refused.length ? <p className="text-xs text-rose-700">{refused.join(" ")}</p> : null}
        </div>
      ) : (
        <p className="card p-4 text-sm text-slate-500">{live ? "The hosts have turned the chat off." : "The chat opens when the town hall goes live."}</p>
      )}
    </aside>
  );
}
