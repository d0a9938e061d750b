import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { privileges } from "~/domain/reputation/privileges";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { NOMINATION_RULE } from "~/domain/advocates/rule";
import { ranks } from "~/domain/reputation/ranks";
import { notes, rules } from "~/domain/reputation/rules";
import { formatNumber, formatSigned } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Reputation, privileges and badges", "Help") }];


export default function ReputationHelp() {
  return (
    <article className="mx-auto max-w-3xl space-y-8">
      <header>
        <h1 className="text-2xl font-bold text-slate-900">Reputation, privileges and badges</h1>
        <p className="mt-1 text-slate-600">
          Reputation is how the community says thank you. Every point comes from an event you can see in your profile's history; when the reason goes away
          (a vote is withdrawn, a post is deleted) the points go back, and the history shows that too.
        </p>
      </header>

      <section id="earning" className="card p-5">
        <h2 className="mb-3 text-lg font-semibold text-slate-900">Earning and losing points</h2>
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {rules.map((r) => (
              <tr key={r.event}>
                <td className="py-2 text-slate-700">{r.event}</td>
                <td className={`py-2 text-right font-semibold tabular-nums ${r.points > 0 ? "text-emerald-700" : "text-rose-700"}`}>{formatSigned(r.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-600">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>

      <section id="privileges" className="card p-5">
        <h2 className="mb-3 text-lg font-semibold text-slate-900">Privileges</h2>
        <p className="mb-3 text-sm text-slate-600">Trust grows with reputation. Advocates hold the privileges marked ★ whatever their points; staff hold them all.</p>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th className="py-2">Reputation</th>
              <th className="py-2">Privilege</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {privileges.map((p) => (
              <tr key={p.permission}>
                <td className="py-2 pr-4 align-top font-semibold tabular-nums text-slate-900">{formatNumber(p.reputation)}</td>
                <td className="py-2">
                  <div className="font-medium text-slate-800">
                    {p.title} {p.advocates ? <span title="Advocates hold this privilege">★</span> : null}
                  </div>
                  <div className="text-slate-600">{p.description}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section id="ranks" className="card p-5">
        <h2 className="mb-3 text-lg font-semibold text-slate-900">Ranks</h2>
        <ul className="flex flex-wrap gap-2 text-sm">
          {ranks.map((r) => (
            <li key={r.name} className="rounded-full bg-slate-100 px-3 py-1 text-slate-700">
              <span className="font-medium">{r.name}</span> · {formatNumber(r.min)}+
            </li>
          ))}
        </ul>
      </section>

      <section id="advocates" className="card p-5">
        <h2 className="mb-2 text-lg font-semibold text-slate-900">Brand advocates</h2>
        <p className="text-sm text-slate-600">
          Advocates are customers the Nimbus team trusts to speak for the community: their posts carry the Advocate mark, they meet in a private category,
          and they hold the privileges marked ★. {NOMINATION_RULE} Staff review every nomination; nobody is promoted automatically.
        </p>
      </section>

      <p className="text-sm text-slate-600">
        See every badge on the <Link to="/badges" className="link">badges page</Link> and who helps most on the{" "}
        <Link to="/leaderboard" className="link">leaderboard</Link>.
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
