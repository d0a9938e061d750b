import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { membersPage } from "~/domain/accounts/members-page.server";
import { changeRole } from "~/domain/accounts/roles.server";
import { intent, text } from "~/http/form-fields";
import { messagesOf } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { formatNumber } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Members", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const url = new URL(args.request.url);
    const q = url.searchParams.get("q")?.trim() || undefined;
    const after = url.searchParams.get("after") || undefined;
    return json({ ...(await membersPage(signedIn(args), { q, after })), q: q ?? "" });
  });
}

const schema = z.discriminatedUnion("intent", [intent("change-role", { username: text(), role: text() })]);

const handlers = {
  async "change-role"({ value, args, done }) {
    const user = await changeRole(signedIn(args), value.username, { role: value.role });
    return done({ message: `${user.username} is now ${user.role}.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A member who is not there (renamed a moment ago) is said beside the list, not as the page.
  return formAction(args, schema, handlers, { keepOnPage: [404] });
}

export default function AdminUsers() {
  const { users, nextAfter, q, can, roles } = useLoaderData<typeof loader>();
  const canChangeRoles = can.changeRoles;
  const data = useActionData<typeof action>();
  const failure = messagesOf(data);
  const result = data ? { ok: failure.length === 0, message: "message" in data ? data.message : failure.join(" ") } : null;
  const navigation = useNavigation();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Members</h1>
          <p className="text-sm text-slate-600">
            {canChangeRoles ? "Change a member's role: customer, advocate, staff or admin." : "Only admins can change roles."}
          </p>
        </div>
        <Form method="get" className="flex gap-2" role="search" aria-label="Members">
          <label htmlFor="q" className="sr-only">
            Search members
          </label>
          <input id="q" name="q" defaultValue={q} placeholder="Username or email" className="input w-56" />
          <button type="submit" className="btn-secondary">
            Search
          </button>
        </Form>
      </div>
      {result ? (
        <div
          role="status"
          className={`rounded-lg px-4 py-2 text-sm ${result.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-700"}`}
        >
          {result.message}
        </div>
      ) : null}
      <div className="card relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">Member</th>
              <th scope="col" className="px-4 py-3">Email</th>
              <th scope="col" className="px-4 py-3">Reputation</th>
              <th scope="col" className="px-4 py-3">Joined</th>
              <th scope="col" className="px-4 py-3">Role</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id} data-testid={`member-${u.username}`}>
                <td className="px-4 py-3">
                  <Link to={`/u/${u.username}`} className="link">
                    {u.username}
                  </Link>{" "}
                  <RoleBadge role={u.role} />
                </td>
                <td className="px-4 py-3 text-slate-600">{u.email}</td>
                <td className="px-4 py-3">{formatNumber(u.reputation)}</td>
                <td className="px-4 py-3 text-slate-600">
                  <RelativeTime iso={u.createdAt} />
                </td>
                <td className="px-4 py-3">
                  {canChangeRoles ? (
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="username" value={u.username} />
                      <label htmlFor={`role-${u.id}`} className="sr-only">
                        Role for {u.username}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role} className="input w-32 py-1.5">
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="btn-secondary px-3 py-1.5" disabled={navigation.state === "submitting"}>
                        Save
                      </button>
                    </Form>
                  ) : (
                    <span className="capitalize">{u.role}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.length === 0 ? <p className="p-6 text-center text-slate-500">No members match.</p> : null}
      </div>
      {nextAfter ? (
        <div className="flex justify-end">
          <Link to={`?${new URLSearchParams({ ...(q ? { q } : {}), after: nextAfter })}`} className="btn-secondary">
            Next page
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
