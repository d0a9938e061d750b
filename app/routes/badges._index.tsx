import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BadgePill } from "~/components/BadgePill";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { listBadges } from "~/domain/badges/list.server";
import { formatNumber } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Badges") }];

export async function loader() {
  return json(await listBadges());
}

const tiers = ["gold", "silver", "bronze"] as const;

export default function Badges() {
  const { badges } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Badges</h1>
        <p className="text-sm text-slate-600">
          Earned by helping: awarded automatically a moment after the answer, vote or solution that earns them. <Link to="/help/reputation" className="link">Reputation and privileges</Link>
        </p>
      </div>
      {tiers.map((tier) => (
        <section key={tier} aria-label={`${tier} badges`}>
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">{tier}</h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {badges
              .filter((b) => b.tier === tier)
              .map((b) => (
                <li key={b.slug} className="card flex items-start justify-between gap-3 p-4">
                  <div>
                    <BadgePill slug={b.slug} name={b.name} tier={b.tier} />
                    <p className="mt-2 text-sm text-slate-600">{b.description}</p>
                  </div>
                  <span className="whitespace-nowrap text-xs text-slate-500">{formatNumber(b.awardedCount)} awarded</span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
