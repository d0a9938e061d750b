import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { EndpointCard } from "~/components/webhooks/EndpointCard";
import { webhooksPage } from "~/domain/webhooks/webhooks-page.server";
import { createEndpoint, deleteEndpoint, setEndpointActive, type WebhookEvent } from "~/domain/webhooks/endpoints.server";
import { intent, list, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue, typedValues } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Webhooks", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await webhooksPage(signedIn(args))));
}

// The answer to a create carries the secret: never let a cache keep it (the data request
// takes the action's headers, the document this route's `headers`).
const noStore = { "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => noStore;

const schema = z.discriminatedUnion("intent", [
  intent("create", { url: text(), events: list() }),
  intent("activate", { id: text() }),
  intent("deactivate", { id: text() }),
  intent("delete", { id: text() }),
]);

async function setActive(args: Parameters<typeof signedIn>[0], id: string, active: boolean) {
  const endpoint = await setEndpointActive(signedIn(args), id, active);
  return { message: `${endpoint.url} is ${endpoint.active ? "active" : "paused"}.` };
}

const handlers = {
  async create({ value, args, done }) {
    const endpoint = await createEndpoint(signedIn(args), { url: value.url, events: value.events });
    return done({ message: `Added ${endpoint.url}.`, created: { id: endpoint.id, url: endpoint.url, secret: endpoint.secret } }, { headers: noStore });
  },
  activate: async ({ value, args, done }) => done(await setActive(args, value.id, true)),
  deactivate: async ({ value, args, done }) => done(await setActive(args, value.id, false)),
  async delete({ value, args, done }) {
    const result = await deleteEndpoint(signedIn(args), value.id);
    return done({ message: result.deleted ? "Endpoint removed." : "Endpoint deactivated; it keeps its delivery log." });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

// Spelled out here because the page renders in the browser, where .server modules do not exist;
// the Record type keeps it in step with the events the server knows.
const eventLabels: Record<WebhookEvent, string> = {
  "question.escalated": "A question escalates to staff",
  "question.assigned": "An escalated question is assigned",
  "question.solved": "A question with a support case is solved",
};
const webhookEvents = Object.keys(eventLabels) as WebhookEvent[];

export default function AdminWebhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = errorsOf(data);
  const message = data && "message" in data ? data.message : null;
  const created = data && "created" in data ? data.created : null;
  // A create that came back keeps what was typed and ticked.
  const failedCreate = errors.failed ? replyFor(data, "create") : undefined;
  const typedEvents = typedValues(failedCreate, "events");
  const fields = errors.fields;
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

      {message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {message}
        </div>
      ) : null}
      {created ? (
        <section className="card space-y-2 border-amber-300 bg-amber-50 p-5" aria-labelledby="secret-title">
          <h2 id="secret-title" className="font-semibold text-slate-900">
            Signing secret for {created.url}
          </h2>
          <p className="text-sm text-slate-700">Copy it now and store it with the receiver: it is shown only this once.</p>
          <label htmlFor="new-secret" className="sr-only">
            Signing secret
          </label>
          <input
            id="new-secret"
            readOnly
            value={created.secret}
            className="input font-mono text-[13px]"
            onFocus={(e) => e.currentTarget.select()}
          />
        </section>
      ) : null}
      <FormError errors={errors.form} />

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
              defaultValue={typedValue(failedCreate, "url")}
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
                <input type="checkbox" name="events" value={event} defaultChecked={typedEvents ? typedEvents.includes(event) : true} />
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
          <EndpointCard key={e.id} endpoint={e} busy={busy} />
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
