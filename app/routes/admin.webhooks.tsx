import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  setEndpointActive,
  type WebhookEvent,
} from "~/domain/webhooks/endpoints.server";
import { formFailure } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Admin · Nimbus Community" }];

const RECENT = 5;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    requirePermission(actor, "staff:view");
    const endpoints = await listEndpoints(actor);
    const withDeliveries = await Promise.all(
      endpoints.map(async (e) => ({ ...e, deliveries: await listDeliveries(actor, e.id, { limit: RECENT }) }))
    );
    return json({ endpoints: withDeliveries });
  } catch (err) {
    throwAsResponse(err);
  }
}

type ActionData =
  | {
      ok: true;
      message: string;
      created: { id: string; url: string; secret: string } | null;
      values: null;
      formErrors: string[];
      fields: Record<string, string[]>;
    }
  | {
      ok: false;
      message: null;
      created: null;
      values: { url: string; events: string[] };
      formErrors: string[];
      fields: Record<string, string[]>;
    };

// The answer to a create carries the secret: never let a cache keep it (the data request
// takes the action's headers, the document this route's `headers`).
const noStore = { "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => noStore;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "create");
  const id = String(form.get("id") ?? "");
  const values = { url: String(form.get("url") ?? ""), events: form.getAll("events").map(String) };
  try {
    if (intent === "activate" || intent === "deactivate") {
      const endpoint = await setEndpointActive(actor, id, intent === "activate");
      return json<ActionData>({
        ok: true,
        message: `${endpoint.url} is ${endpoint.active ? "active" : "paused"}.`,
        created: null,
        values: null,
        formErrors: [],
        fields: {},
      });
    }
    if (intent === "delete") {
      const result = await deleteEndpoint(actor, id);
      const message = result.deleted ? "Endpoint removed." : "Endpoint deactivated; it keeps its delivery log.";
      return json<ActionData>({ ok: true, message, created: null, values: null, formErrors: [], fields: {} });
    }
    const endpoint = await createEndpoint(actor, values);
    return json<ActionData>(
      {
        ok: true,
        message: `Added ${endpoint.url}.`,
        created: { id: endpoint.id, url: endpoint.url, secret: endpoint.secret },
        values: null,
        formErrors: [],
        fields: {},
      },
      { headers: noStore }
    );
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json<ActionData>(
      { ok: false, message: null, created: null, values, ...errors },
      { status, headers: { ...headers, ...noStore } }
    );
  }
}

// Spelled out here because the page renders in the browser, where .server modules do not exist;
// the Record type keeps it in step with the events the server knows.
const eventLabels: Record<WebhookEvent, string> = {
  "question.escalated": "A question escalates to staff",
  "question.assigned": "An escalated question is assigned",
  "question.solved": "A question with a support case is solved",
};
const webhookEvents = Object.keys(eventLabels) as WebhookEvent[];

const statusStyles: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800",
  pending: "bg-amber-50 text-amber-800",
  failed: "bg-rose-50 text-rose-700",
};

export default function AdminWebhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = data && !data.ok ? data.values : null;
  const fields = data?.fields ?? {};
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Webhooks</h1>
        <p className="text-sm text-slate-600">
          Send escalation events to your own systems (a ticketing tool, a chat channel). Each event is POSTed as JSON and signed with the
          endpoint's secret in <code>x-forum-signature</code>; failed deliveries are retried with backoff. See “Webhooks” in the API
          documentation for the payload and how to verify the signature.
        </p>
      </div>

      {data?.ok && data.message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {data.message}
        </div>
      ) : null}
      {data?.ok && data.created ? (
        <section className="card space-y-2 border-amber-300 bg-amber-50 p-5" aria-labelledby="secret-title">
          <h2 id="secret-title" className="font-semibold text-slate-900">
            Signing secret for {data.created.url}
          </h2>
          <p className="text-sm text-slate-700">Copy it now and store it with the receiver: it is shown only this once.</p>
          <label htmlFor="new-secret" className="sr-only">
            Signing secret
          </label>
          <input
            id="new-secret"
            readOnly
            value={data.created.secret}
            className="input font-mono text-[13px]"
            onFocus={(e) => e.currentTarget.select()}
          />
        </section>
      ) : null}
      <FormError errors={data?.formErrors} />

      <section className="card space-y-4 p-5" aria-labelledby="new-endpoint">
        <h2 id="new-endpoint" className="font-semibold text-slate-900">
          New endpoint
        </h2>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="create" />
          <div className="space-y-1.5">
            <label htmlFor="url" className="block text-sm font-medium text-slate-700">
              URL
            </label>
            <input
              id="url"
              name="url"
              type="url"
              required
              defaultValue={values?.url}
              placeholder="https://example.com/hooks/forum"
              className="input"
              aria-invalid={fields.url ? true : undefined}
              aria-describedby={fields.url ? "url-error" : undefined}
            />
            <FieldErrors id="url-error" errors={fields.url} />
          </div>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium text-slate-700">Events</legend>
            {webhookEvents.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="events" value={event} defaultChecked={values ? values.events.includes(event) : true} />
                <code className="text-[13px]">{event}</code>
                <span className="text-slate-500">{eventLabels[event]}</span>
              </label>
            ))}
            <FieldErrors errors={fields.events} />
          </fieldset>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Adding…" : "Add endpoint"}
          </button>
        </Form>
      </section>

      <section className="card divide-y divide-slate-100" aria-label="Endpoints">
        {endpoints.length === 0 ? <p className="p-5 text-sm text-slate-600">No endpoints yet.</p> : null}
        {endpoints.map((e) => (
          <article key={e.id} className="space-y-3 p-5">
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
                  <button
                    type="submit"
                    name="intent"
                    value={e.active ? "deactivate" : "activate"}
                    className="btn-secondary"
                    disabled={busy}
                  >
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
              <table className="w-full text-left text-sm">
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
            ) : (
              <p className="text-sm text-slate-500">No deliveries yet.</p>
            )}
          </article>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
