import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { NOMINATION_RULE } from "~/domain/advocates/rule";
import { dismissNomination, listAdvocateProgramme, promoteAdvocate, revokeAdvocate } from "~/domain/advocates/nominations.server";
import { intent, text } from "~/http/form-fields";
import { messagesOf } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { formatNumber } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Advocates", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await listAdvocateProgramme(signedIn(args))));
}

const member = { username: text() };
const schema = z.discriminatedUnion("intent", [intent("promote", member), intent("revoke", member), intent("dismiss", member)]);

const handlers = {
  async promote({ value, args, done }) {
    await promoteAdvocate(signedIn(args), value.username);
    return done({ message: `${value.username} is now an advocate.` });
  },
  async revoke({ value, args, done }) {
    await revokeAdvocate(signedIn(args), value.username);
    return done({ message: `${value.username} is no longer an advocate.` });
  },
  async dismiss({ value, args, done }) {
    await dismissNomination(signedIn(args), value.username);
    return done({ message: `${value.username}'s nomination was dismissed.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // Someone else may have acted on the same member a moment ago: say so beside the lists.
  return formAction(args, schema, handlers, { keepOnPage: [404] });
}

function Member({ user, children }: { user: { username: string; reputation: number; url: string }; children?: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-1 items-center gap-3">
      <Avatar username={user.username} size="sm" />
      <div className="min-w-0">
        <Link to={user.url} className="font-medium text-slate-900 hover:text-brand-700">
          {user.username}
        </Link>
        <div className="text-xs text-slate-500">
          {formatNumber(user.reputation)} reputation {children}
        </div>
      </div>
    </div>
  );
}

function ActionButton({ intent, username, label, tone }: { intent: string; username: string; label: string; tone: "primary" | "secondary" | "ghost" }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="username" value={username} />
      <button type="submit" disabled={busy} className={`btn-${tone} px-3 py-1.5 text-sm`}>
        {label}
      </button>
    </Form>
  );
}

export default function AdminAdvocates() {
  const { nominations, advocates } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failure = messagesOf(data);
  const result = data ? { ok: failure.length === 0, message: "message" in data ? data.message : failure.join(" ") || "Choose a member and an action." } : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Advocate programme</h1>
        <p className="text-sm text-slate-600">{NOMINATION_RULE} Promote the ones who should speak for Nimbus; revoke when someone steps back.</p>
      </div>
      {result ? (
        <p role="status" className={`rounded-md px-3 py-2 text-sm ${result.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}>
          {result.message}
        </p>
      ) : null}
      <section aria-label="Nominations" className="space-y-2">
        <h2 className="text-lg font-semibold text-slate-900">Nominations ({nominations.length})</h2>
        {nominations.length ? (
          <ul className="card divide-y divide-slate-100" data-testid="nominations">
            {nominations.map((n) => (
              <li key={n.user.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <Member user={n.user}>
                  · {n.badges} badges · nominated <RelativeTime iso={n.nominatedAt} /> for {n.reason}
                </Member>
                <ActionButton intent="promote" username={n.user.username} label="Promote" tone="primary" />
                <ActionButton intent="dismiss" username={n.user.username} label="Dismiss" tone="ghost" />
              </li>
            ))}
          </ul>
        ) : (
          <div className="card p-6 text-center text-sm text-slate-600">No nominations waiting.</div>
        )}
      </section>
      <section aria-label="Advocates" className="space-y-2">
        <h2 className="text-lg font-semibold text-slate-900">Advocates ({advocates.length})</h2>
        {advocates.length ? (
          <ul className="card divide-y divide-slate-100" data-testid="advocates">
            {advocates.map((a) => (
              <li key={a.user.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <Member user={a.user}>· {a.badges} badges</Member>
                <ActionButton intent="revoke" username={a.user.username} label="Revoke" tone="secondary" />
              </li>
            ))}
          </ul>
        ) : (
          <div className="card p-6 text-center text-sm text-slate-600">No advocates yet.</div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
