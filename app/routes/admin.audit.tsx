import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditActions } from "#db/schema";
import { auditActionLabels, describeAuditData } from "~/components/audit/labels";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { LocalTime } from "~/components/TimeZone";
import { auditPage, type AuditEntryView } from "~/domain/audit/list.server";
import { page, signedIn } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Staff action log", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await auditPage(signedIn(args), Object.fromEntries(new URL(args.request.url).searchParams))));
}

/** Where a target lives in the forum, when it still has a page of its own. */
function targetHref(target: AuditEntryView["target"], data: Record<string, unknown>) {
  if (target.type === "question") return `/q/${target.id}`;
  if (target.type === "answer" && typeof data.questionId === "string") return `/q/${data.questionId}#answer-${target.id}`;
  if (target.type === "user") return `/u/${encodeURIComponent(target.label)}`;
  if (target.type === "webhook") return "/admin/webhooks";
  if (target.type === "saved_reply") return "/admin/saved-replies";
  if (target.type === "search") return "/admin/search";
  return null;
}

export default function AuditLog() {
  const { entries, nextCursor, filters } = useLoaderData<typeof loader>();
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const filtered = query.toString() !== "";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Staff action log</h1>
          <p className="max-w-2xl text-sm text-slate-600">
            Every role change, advocate decision, removal, duplicate closing, category, service-level, webhook, saved-reply and search change, with who made it and
            when. Lines are never edited or removed.
          </p>
        </div>
        <a href={`/admin/audit.csv${filtered ? `?${query}` : ""}`} className="btn-secondary" download>
          Download CSV
        </a>
      </div>

      <Form method="get" className="card grid gap-3 p-4 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end" aria-label="Filter the log">
        <div>
          <label htmlFor="actor" className="block text-sm font-medium text-slate-700">
            Who
          </label>
          <input id="actor" name="actor" defaultValue={filters.actor} placeholder="Username" className="input mt-1" autoComplete="off" />
        </div>
        <div>
          <label htmlFor="action" className="block text-sm font-medium text-slate-700">
            Action
          </label>
          <select id="action" name="action" defaultValue={filters.action} className="input mt-1">
            <option value="">Any action</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabels[a]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="target" className="block text-sm font-medium text-slate-700">
            Target
          </label>
          <input id="target" name="target" defaultValue={filters.target} placeholder="user, question:<id>…" className="input mt-1" autoComplete="off" />
        </div>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">
            Filter
          </button>
          {filtered ? (
            <Link to="/admin/audit" className="btn-ghost">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      {entries.length === 0 ? (
        <div className="card p-8 text-center text-sm text-slate-600">{filtered ? "Nothing matches these filters." : "No staff actions yet."}</div>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="audit-entries">
          {entries.map((e) => {
            const href = targetHref(e.target, e.data);
            const details = describeAuditData(e.data);
            return (
              <li key={e.id} className="px-5 py-3 text-sm" data-testid="audit-entry">
                <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900">{auditActionLabels[e.action]}</span>
                  {href ? (
                    <Link to={href} className="link min-w-0 [overflow-wrap:anywhere]">
                      {e.target.label}
                    </Link>
                  ) : (
                    <span className="min-w-0 text-slate-800 [overflow-wrap:anywhere]">{e.target.label}</span>
                  )}
                </div>
                {details ? <p className="mt-0.5 text-slate-600 [overflow-wrap:anywhere]">{details}</p> : null}
                <p className="mt-0.5 text-xs text-slate-600">
                  by{" "}
                  <Link to={`/admin/audit?actor=${encodeURIComponent(e.actor.username)}`} className="link">
                    {e.actor.username}
                  </Link>{" "}
                  · <LocalTime iso={e.at} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {nextCursor ? (
        <div className="flex justify-end">
          <Link to={`/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), cursor: nextCursor })}`} className="btn-secondary" data-testid="older-entries">
            Older entries →
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
