import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import { SettingsPage } from "~/components/settings/SettingsNav";
import { listSessions, revokeOtherSessions, revokeSession } from "~/domain/accounts/sessions.server";
import { intent, text } from "~/http/form-fields";
import { errorsOf, isFormReply } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Sessions") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json({ sessions: await listSessions(signedIn(args), args.context.auth.sessionId) }));
}

const schema = z.discriminatedUnion("intent", [intent("revoke", { sessionId: text() }), intent("revoke-others")]);

const handlers = {
  async revoke({ value, args, done }) {
    await revokeSession(signedIn(args), value.sessionId);
    return done({ ended: 1 });
  },
  async "revoke-others"({ args, done }) {
    const ended = await revokeOtherSessions(signedIn(args), args.context.auth.sessionId);
    return done({ ended });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A session that ended meanwhile (in another tab) is said beside the list, not as a 404 page.
  return formAction(args, schema, handlers, { keepOnPage: [404] });
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reply = isFormReply(data) ? data : undefined;
  const { form } = errorsOf(reply);
  const ended = data && "ended" in data && typeof data.ended === "number" ? data.ended : null;
  const others = sessions.filter((s) => !s.current);
  return (
    <SettingsPage>
      <section className="card space-y-4 p-6" aria-labelledby="sessions-heading">
        <div>
          <h2 id="sessions-heading" className="text-lg font-semibold text-slate-900">
            Where you are signed in
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Each browser or app you signed in with. If you do not recognise one, sign it out and change your password. We also tell you by email when a new device
            signs in.
          </p>
        </div>
        {ended !== null ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {ended === 0 ? "There were no other sessions." : ended === 1 ? "Signed out 1 session." : `Signed out ${ended} sessions.`}
          </p>
        ) : null}
        <FormError errors={form} />
        <ul className="divide-y divide-slate-100" data-testid="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="session">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {s.device}
                  {s.current ? <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700">This device</span> : null}
                </p>
                <p className="text-xs text-slate-600">
                  {s.ip ? <>{s.ip} · </> : null}
                  signed in <RelativeTime iso={s.createdAt} /> · last active <RelativeTime iso={s.lastSeenAt} />
                </p>
                {s.userAgent ? <p className="mt-0.5 truncate text-xs text-slate-500" title={s.userAgent}>{s.userAgent}</p> : null}
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="btn-secondary" disabled={busy} aria-label={`Sign out ${s.device}${s.ip ? ` at ${s.ip}` : ""}`}>
                    Sign out
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {others.length ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-others" />
            <button type="submit" className="btn-primary" disabled={busy}>
              Sign out everywhere else
            </button>
          </Form>
        ) : (
          <p className="text-sm text-slate-500">You are signed in on this device only.</p>
        )}
      </section>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
