import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { BadgePill } from "~/components/BadgePill";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { ReputationChart } from "~/components/ReputationChart";
import { RoleBadge } from "~/components/RoleBadge";
import { profilePage } from "~/domain/accounts/profile-page.server";
import { describeEvent } from "~/domain/reputation/describe";
import { page } from "~/http/page.server";
import { count, formatNumber } from "~/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.username} · Nimbus Community` : "Member · Nimbus Community" },
];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, context }) => json(await profilePage(context.auth.actor, params.username ?? "")));
}

function plural(n: number, word: string) {
  return count(n, word);
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="card px-4 py-3 text-center">
      <div className="text-2xl font-bold text-slate-900" data-testid={testId}>
        {formatNumber(value)}
      </div>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
    </div>
  );
}

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="card p-5" aria-label={title}>
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

export default function Profile() {
  const { profile, series, history, answers, isMe } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <section className="card flex flex-col gap-6 p-6 sm:flex-row sm:items-center">
        <Avatar username={profile.username} size="lg" />
        <div className="flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-bold text-slate-900" data-testid="profile-username">
              {profile.username}
            </h1>
            <RoleBadge role={profile.role} always />
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="profile-rank">
              {profile.rank}
            </span>
          </div>
          {profile.bio ? <p className="mt-1 text-slate-600">{profile.bio}</p> : null}
          <p className="mt-1 text-sm text-slate-500">
            Member since <RelativeTime iso={profile.createdAt} />
          </p>
        </div>
        {isMe ? (
          <Link to="/settings/tokens" className="btn-secondary">
            API tokens
          </Link>
        ) : null}
      </section>
      <section className="grid grid-cols-2 gap-4 sm:grid-cols-4" aria-label="Contributions">
        <Stat label="Reputation" value={profile.reputation} testId="profile-reputation" />
        <Stat label="Questions" value={profile.questionCount} />
        <Stat label="Answers" value={profile.answerCount} />
        <Stat label="Solutions" value={profile.acceptedCount} />
      </section>

      <Section title="Reputation over the last year" aside={<Link to="/help/reputation" className="text-sm text-brand-700 hover:underline">How reputation works</Link>}>
        <ReputationChart series={series} />
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={`Badges (${profile.badges.length})`} aside={<Link to="/badges" className="text-sm text-brand-700 hover:underline">All badges</Link>}>
          {profile.badges.length ? (
            <ul className="flex flex-wrap gap-2" data-testid="profile-badges">
              {profile.badges.map((b) => (
                <li key={b.slug}>
                  <BadgePill slug={b.slug} name={b.name} tier={b.tier} title={b.description} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No badges yet. Answering a question is the quickest way to a first one.</p>
          )}
        </Section>
        <Section title="Top tags">
          {profile.topTags.length ? (
            <ul className="space-y-1.5">
              {profile.topTags.map((t) => (
                <li key={t.tag} className="flex items-center justify-between text-sm">
                  <Link to={`/search?tag=${encodeURIComponent(t.tag)}`} className="rounded bg-slate-100 px-2 py-0.5 font-medium text-slate-700 hover:bg-slate-200">
                    {t.tag}
                  </Link>
                  <span className="text-slate-500">
                    {plural(t.answers, "answer")} · {plural(t.accepted, "solution")}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No answers yet.</p>
          )}
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Recent answers">
          {answers.length ? (
            <ul className="divide-y divide-slate-100">
              {answers.map((a) => (
                <li key={a.id} className="flex items-start gap-3 py-2 text-sm">
                  <span className={`mt-0.5 min-w-[2.5rem] rounded px-1.5 py-0.5 text-center text-xs font-semibold ${a.accepted ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}>
                    {a.score}
                  </span>
                  <div className="min-w-0 flex-1">
                    <Link to={a.url} className="font-medium text-slate-800 hover:text-brand-700">
                      {a.question.title}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {a.accepted ? <span className="font-medium text-emerald-700">Solution · </span> : null}
                      <RelativeTime iso={a.createdAt} />
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No answers yet.</p>
          )}
        </Section>
        <Section title="Reputation history">
          {history.length ? (
            <ul className="divide-y divide-slate-100" data-testid="reputation-history">
              {history.map((e) => (
                <li key={e.id} className="flex items-start gap-3 py-2 text-sm">
                  <span className={`mt-0.5 min-w-[2.75rem] text-right font-semibold tabular-nums ${e.points > 0 ? "text-emerald-700" : e.points < 0 ? "text-rose-700" : "text-slate-400"}`}>
                    {e.points > 0 ? `+${e.points}` : e.points}
                  </span>
                  <div className="min-w-0 flex-1">
                    <div className="text-slate-700">{describeEvent(e.kind, e.reverses, e.reason)}</div>
                    <div className="truncate text-xs text-slate-500">
                      {e.post ? (
                        <Link to={e.post.url} className="hover:text-brand-700">
                          {e.post.title}
                        </Link>
                      ) : null}{" "}
                      <RelativeTime iso={e.createdAt} />
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">Nothing earned yet.</p>
          )}
        </Section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
