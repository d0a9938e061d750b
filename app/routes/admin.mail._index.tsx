import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FieldErrors, FormError } from "~/components/Field";
import { LocalTime } from "~/components/TimeZone";
import { mailOutbox, sendTestMail } from "~/domain/mail/outbox.server";
import { intent, text } from "~/http/form-fields";
import { errorsOf, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Mail outbox", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await mailOutbox(signedIn(args), Object.fromEntries(new URL(args.request.url).searchParams))));
}

const schema = z.discriminatedUnion("intent", [intent("send-test", { to: text() })]);

const handlers = {
  async "send-test"({ value, args, done }) {
    const sent = await sendTestMail(signedIn(args), { to: value.to });
    return done({ message: `A test message to ${sent.to} is on its way; it shows below within a few seconds.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

// Spelled out here: the page renders in the browser, where the server's template registry does not exist.
const templateLabels: Record<string, string> = {
  test: "Test message",
  verify_email: "Confirm email",
  reset_password: "Password reset",
  notification: "Notification",
  digest_daily: "Daily digest",
  digest_weekly: "Weekly digest",
  new_device: "New sign-in",
};

const statusStyles: Record<string, string> = {
  queued: "bg-sky-50 text-sky-800",
  sent: "bg-emerald-50 text-emerald-800",
  skipped: "bg-slate-100 text-slate-700",
  failed: "bg-rose-50 text-rose-800",
};

export default function MailOutbox() {
  const { messages, nextCursor, filters, transport } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = errorsOf(data);
  const message = data && "message" in data ? data.message : null;
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const filtered = query.toString() !== "";
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Mail outbox</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          {transport === "files"
            ? "No SMTP server is set (SMTP_URL), so every message is written to the outbox folder instead of being sent. Open one to read it as its recipient would."
            : "Mail goes out through the SMTP server in SMTP_URL. Each line shows where a message stands; failed ones are retried with backoff."}
        </p>
      </div>

      {message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {message}
        </div>
      ) : null}
      <FormError errors={errors.form} />

      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Form method="get" className="card grid gap-3 p-4 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end" aria-label="Filter the outbox">
          <div>
            <label htmlFor="to" className="block text-sm font-medium text-slate-700">
              Recipient
            </label>
            <input id="to" name="to" defaultValue={filters.to} placeholder="name@…" className="input mt-1" autoComplete="off" />
          </div>
          <div>
            <label htmlFor="template" className="block text-sm font-medium text-slate-700">
              Kind
            </label>
            <select id="template" name="template" defaultValue={filters.template} className="input mt-1">
              <option value="">Any kind</option>
              {Object.entries(templateLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="status" className="block text-sm font-medium text-slate-700">
              Status
            </label>
            <select id="status" name="status" defaultValue={filters.status} className="input mt-1">
              <option value="">Any status</option>
              {Object.keys(statusStyles).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="flex gap-2">
            <button type="submit" className="btn-primary">
              Filter
            </button>
            {filtered ? (
              <Link to="/admin/mail" className="btn-ghost">
                Clear
              </Link>
            ) : null}
          </div>
        </Form>

        <Form method="post" className="card space-y-2 p-4" aria-labelledby="test-title">
          <h2 id="test-title" className="text-sm font-semibold text-slate-900">
            Send a test message
          </h2>
          <input type="hidden" name="intent" value="send-test" />
          <label htmlFor="test-to" className="block text-sm text-slate-700">
            To
          </label>
          <div className="flex gap-2">
            <input
              id="test-to"
              name="to"
              type="email"
              required
              defaultValue={typedValue(data && "intent" in data ? data : undefined, "to")}
              className="input"
              aria-invalid={errors.fields.to ? true : undefined}
              aria-describedby={errors.fields.to ? "test-to-error" : undefined}
            />
            <button type="submit" className="btn-secondary" disabled={busy}>
              Send
            </button>
          </div>
          <FieldErrors id="test-to-error" errors={errors.fields.to} />
        </Form>
      </div>

      {messages.length === 0 ? (
        <div className="card p-8 text-center text-sm text-slate-600">{filtered ? "No message matches these filters." : "Nothing has been sent yet."}</div>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="outbox">
          {messages.map((m) => (
            <li key={m.id} className="flex flex-col gap-1 px-5 py-3 text-sm sm:flex-row sm:items-center sm:gap-4">
              <div className="min-w-0 flex-1">
                <Link to={`/admin/mail/${m.id}`} className="link font-medium [overflow-wrap:anywhere]">
                  {m.subject ?? templateLabels[m.template] ?? m.template}
                </Link>
                <p className="text-xs text-slate-600 [overflow-wrap:anywhere]">
                  to {m.to} · {templateLabels[m.template] ?? m.template} · <LocalTime iso={m.sentAt ?? m.createdAt} />
                  {m.error ? <span className="text-rose-600"> · {m.error}</span> : null}
                </p>
              </div>
              <span className={`w-fit rounded-full px-2 py-0.5 text-xs font-medium ${statusStyles[m.status] ?? ""}`}>{m.status}</span>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <div className="flex justify-end">
          <Link to={`/admin/mail?${new URLSearchParams({ ...Object.fromEntries(query), cursor: nextCursor })}`} className="btn-secondary">
            Older messages →
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
