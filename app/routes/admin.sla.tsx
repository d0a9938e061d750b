import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { commonZones } from "~/components/sla/format";
import { PolicyRow } from "~/components/sla/PolicyRow";
import { listPolicies, resetPolicy, savePolicy } from "~/domain/escalation/policies.server";
import { intent, list, text } from "~/http/form-fields";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Service levels", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await listPolicies(signedIn(args))));
}

// `category`: "" is the forum default, anything else a category slug; `label` is how the page names it.
const which = { category: text(), label: text() };
const schema = z.discriminatedUnion("intent", [
  intent("save", {
    ...which,
    firstResponseMinutes: text(),
    advocateWindowMinutes: text(),
    resolutionMinutes: text(),
    coverage: text(),
    timeZone: text(),
    businessDays: list(),
    businessStart: text(),
    businessEnd: text(),
    holidays: text(),
  }),
  intent("reset", which),
]);

const handlers = {
  async save({ value: { intent: _, category, label, ...policy }, args, done }) {
    await savePolicy(signedIn(args), category, policy);
    const message = category
      ? `Saved the policy for ${label || category}. New questions there use it; open ones keep their clocks.`
      : "Saved the default policy. New questions use it; open ones keep their clocks.";
    return done({ target: category, message });
  },
  async reset({ value: { category, label }, args, done }) {
    await resetPolicy(signedIn(args), category);
    return done({ target: category, message: `${label || category} uses the default policy again.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

export default function AdminSla() {
  const policies = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const fallback = policies.default;
  const savedDefault = new Date(fallback.updatedAt).getTime() > 0;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Service levels</h1>
        <p className="mt-1 text-sm text-slate-600">
          When a customer asks, three clocks start: the <strong className="font-medium text-slate-800">first response</strong> target (a reply from
          staff or an advocate), the <strong className="font-medium text-slate-800">advocate window</strong> after which an unanswered question
          escalates to staff, and the <strong className="font-medium text-slate-800">resolution</strong> target. They count every minute (24/7) or
          only business hours in a time zone, skipping holidays. Changes apply to new questions; open ones keep their clocks.
        </p>
      </div>

      <datalist id="sla-time-zones">
        {commonZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>

      <PolicyRow
        key={`default-${fallback.updatedAt}`}
        idPrefix="policy-default"
        category=""
        title="Forum default"
        subtitle={savedDefault ? "Every category without its own policy uses this." : "Built-in values: nobody has saved a default yet. Every category without its own policy uses this."}
        badge={
          savedDefault ? (
            <span className="text-xs text-slate-500">
              updated <RelativeTime iso={fallback.updatedAt} />
            </span>
          ) : null
        }
        policy={fallback}
        own
        data={data}
      />

      <section aria-labelledby="categories-title" className="space-y-3">
        <h2 id="categories-title" className="text-lg font-semibold text-slate-900">
          Categories ({policies.categories.length})
        </h2>
        {policies.categories.length === 0 ? <div className="card p-6 text-center text-sm text-slate-600">No categories yet: every question uses the default.</div> : null}
        {policies.categories.map(({ category, own, policy }) => (
          <PolicyRow
            key={`${category.slug}-${own}-${policy.updatedAt}`}
            idPrefix={`policy-cat-${category.slug}`}
            category={category.slug}
            title={category.name}
            badge={
              own ? (
                <span className="inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-inset ring-brand-200">Own policy</span>
              ) : (
                <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-200">Uses the default</span>
              )
            }
            policy={policy}
            own={own}
            data={data}
          />
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
