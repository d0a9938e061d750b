import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SlaClock } from "~/components/SlaClock";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { claim } from "~/domain/escalation/cases.server";
import { getStaffQueue } from "~/domain/escalation/queue.server";
import { intent, text } from "~/http/form-fields";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { useRevalidateOn, useRoom } from "~/realtime/hooks";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Staff queue") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const actor = signedIn(args);
    const query = Object.fromEntries(new URL(args.request.url).searchParams);
    const [queue, categories] = await Promise.all([getStaffQueue(actor, query), listVisibleCategories(actor)]);
    return json({ queue, categories: categories.map((c) => ({ slug: c.slug, name: c.name })), me: actor.username });
  });
}

const schema = z.discriminatedUnion("intent", [intent("claim", { questionId: text() })]);

const handlers = {
  async claim({ value, args, done }) {
    await claim(signedIn(args), value.questionId);
    return done();
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A case solved or removed meanwhile leaves the list on the next refresh; the rest of the queue stays.
  return formAction(args, schema, handlers, { keepOnPage: [404] });
}

const reasons: Record<string, string> = { advocate_window: "No advocate reply in time", asker: "Asker asked for staff", urgent: "Marked urgent", staff: "Escalated by staff" };
const states: Record<string, string> = { escalated: "Escalated", assigned: "Assigned", waiting_on_customer: "Waiting on customer" };

export default function StaffQueue() {
  const { queue, categories, me } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  // Staff-only room: any escalation, claim or status change refreshes the list.
  useRoom("staff:queue");
  useRevalidateOn(["queue:changed"]);
  const filter = params.get("filter") ?? "all";
  const tab = (value: string, label: string) => {
    const next = new URLSearchParams(params);
    next.set("filter", value);
    next.delete("cursor");
    return (
      <Link
        key={value}
        to={`?${next}`}
        aria-current={filter === value ? "page" : undefined}
        className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${filter === value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
      >
        {label}
      </Link>
    );
  };
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Staff queue</h1>
          <p className="text-sm text-slate-600">
            <span data-testid="queue-open">{queue.counts.open}</span> open ·{" "}
            <span className={queue.counts.breached ? "font-semibold text-rose-700" : ""} data-testid="queue-breached">
              {queue.counts.breached} past their SLA
            </span>{" "}
            · least time left first · updates live
          </p>
        </div>
        <Form method="get" onChange={(e) => submit(e.currentTarget)} className="flex items-end gap-2">
          <input type="hidden" name="filter" value={filter} />
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-600">Category</span>
            <select name="category" defaultValue={params.get("category") ?? ""} className="input py-1.5">
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <noscript>
            <button type="submit" className="btn-secondary py-1.5">
              Filter
            </button>
          </noscript>
        </Form>
      </div>
      <nav aria-label="Queue filter" className="flex gap-1 border-b border-slate-200">
        {tab("all", "All open")}
        {tab("unassigned", "Unassigned")}
        {tab("mine", "Mine")}
      </nav>
      {queue.items.length ? (
        <ul className="card divide-y divide-slate-100" data-testid="staff-queue">
          {queue.items.map((item) => (
            <li key={item.question.id} className={`flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center ${item.breached ? "bg-rose-50/60" : ""}`} data-testid="queue-item">
              <SlaClock dueAt={item.slaDueAt} breached={item.breached} breachDeadline={item.breachDeadline} stopped={item.clockStopped} />
              <div className="min-w-0 flex-1">
                <Link to={item.question.url} className="font-medium text-slate-900 hover:text-brand-700">
                  {item.question.title}
                </Link>
                <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
                  {item.urgent ? <span className="rounded bg-rose-100 px-1.5 py-0.5 font-semibold text-rose-800">Urgent</span> : null}
                  <span>{states[item.state] ?? item.state}</span>
                  <span>· {reasons[item.escalationReason ?? ""] ?? "Escalated"}</span>
                  <span>· {item.category.name}</span>
                  <span>
                    ·{" "}
                    <Link to={item.customer.timelineUrl} className="hover:text-brand-700">
                      {item.customer.username}'s history
                    </Link>
                  </span>
                </div>
              </div>
              <div className="flex items-center gap-2">
                {item.assignee ? (
                  <span className="flex items-center gap-1.5 text-sm text-slate-700" title="Assigned to">
                    <Avatar username={item.assignee.username} size="sm" />
                    {item.assignee.username === me ? "You" : item.assignee.username}
                  </span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="claim" />
                    <input type="hidden" name="questionId" value={item.question.id} />
                    <button type="submit" className="btn-primary px-3 py-1.5 text-sm">
                      Claim
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div className="card p-10 text-center text-slate-600">
          <p className="text-lg font-medium text-slate-800">Nothing waiting.</p>
          <p className="text-sm">Questions land here when advocates have not answered in time, when an asker asks for staff, or when they are urgent.</p>
        </div>
      )}
      {queue.nextCursor ? (
        <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), cursor: queue.nextCursor })}`} className="btn-secondary">
          More
        </Link>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
