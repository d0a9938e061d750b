import { Form } from "@remix-run/react";
import type { WebhookEndpointRow } from "~/domain/webhooks/webhooks-page.server";
import { RelativeTime } from "../RelativeTime";

const statusStyles: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800",
  pending: "bg-amber-50 text-amber-800",
  failed: "bg-rose-50 text-rose-700",
};

/** One receiver: its state, the buttons that pause or remove it, and its latest deliveries. */
export function EndpointCard({ endpoint: e, busy }: { endpoint: WebhookEndpointRow; busy: boolean }) {
  return (
    <article className="space-y-3 p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="break-all font-medium text-slate-900">{e.url}</p>
          <p className="text-xs text-slate-500">
            <span className={e.active ? "text-emerald-700" : "text-slate-500"}>{e.active ? "Active" : "Paused"}</span> ·{" "}
            {e.events.join(", ")} · secret ending …{e.secretHint} · added <RelativeTime iso={e.createdAt} />
          </p>
        </div>
        <div className="flex gap-2">
          <Form method="post">
            <input type="hidden" name="id" value={e.id} />
            <button type="submit" name="intent" value={e.active ? "deactivate" : "activate"} className="btn-secondary" disabled={busy}>
              {e.active ? "Deactivate" : "Activate"}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="id" value={e.id} />
            <button type="submit" name="intent" value="delete" className="btn-danger" disabled={busy}>
              Delete
            </button>
          </Form>
        </div>
      </div>
      {e.deliveries.length ? (
        // Five columns do not fit a phone: the table scrolls inside the card, not the page.
        <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={`Latest deliveries to ${e.url}`}>
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Latest deliveries to {e.url}</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Event</th>
                <th className="py-1 pr-3 font-medium">Status</th>
                <th className="py-1 pr-3 font-medium">HTTP</th>
                <th className="py-1 pr-3 font-medium">Attempts</th>
                <th className="py-1 font-medium">When</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {e.deliveries.map((d) => (
                <tr key={d.id} title={d.lastError ?? undefined}>
                  <td className="py-1 pr-3">
                    <code className="text-[13px]">{d.event}</code>
                  </td>
                  <td className="py-1 pr-3">
                    <span className={`rounded px-1.5 py-0.5 text-xs ${statusStyles[d.status] ?? ""}`}>{d.status}</span>
                    {d.lastError && d.status !== "delivered" ? (
                      <span className="ml-2 text-xs text-slate-500">{d.lastError.slice(0, 80)}</span>
                    ) : null}
                  </td>
                  <td className="py-1 pr-3">{d.lastStatusCode ?? "—"}</td>
                  <td className="py-1 pr-3">{d.attempts}</td>
                  <td className="py-1">
                    <RelativeTime iso={d.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No deliveries yet.</p>
      )}
    </article>
  );
}
