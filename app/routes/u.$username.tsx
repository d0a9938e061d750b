import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Avatar } from "~/components/Avatar";
import { BadgePill } from "~/components/BadgePill";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { OwnQuestions } from "~/components/profile/OwnQuestions";
import { RecentAnswers } from "~/components/profile/RecentAnswers";
import { ReputationHistory } from "~/components/profile/ReputationHistory";
import { Section } from "~/components/profile/Section";
import { Stat } from "~/components/profile/Stat";
import { RelativeTime } from "~/components/RelativeTime";
import { ReputationChart } from "~/components/reputation/ReputationChart";
import { RoleBadge } from "~/components/RoleBadge";
import { IgnoreButton } from "~/components/moderation/IgnoreButton";
import { ModerationPanel, restrictionDurations } from "~/components/moderation/ModerationPanel";
import { profilePage } from "~/domain/accounts/profile-page.server";
import { ignoreUser, stopIgnoring } from "~/domain/moderation/ignores.server";
import { liftRestriction, silenceUser, suspendUser } from "~/domain/moderation/restrictions.server";
import { nowMs } from "~/clock";
import { zonedLocalToInstant } from "~/format";
import { intent, text } from "~/http/form-fields";
import { replyFor } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { viewerTimeZone } from "~/http/time-zone.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? data.profile.username : "Member") },
];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, context, request }) => {
    const questionsCursor = new URL(request.url).searchParams.get("questions") ?? undefined;
    return json(await profilePage(context.auth.actor, params.username ?? "", { questionsCursor }));
  });
}

const restrictFields = { duration: text(), until: text(), reason: text() };

const schema = z.discriminatedUnion("intent", [
  intent("suspend", restrictFields),
  intent("silence", restrictFields),
  intent("lift", { kind: text() }),
  intent("ignore"),
  intent("unignore"),
]);

/**
 * The form's "for how long" as the instant the command wants: a preset from
 * now, or the date typed, read in the zone the page showed. Anything else is
 * passed on as typed, for the command to refuse beside the field.
 */
function untilOf(value: { duration: string; until: string }, args: ActionFunctionArgs) {
  const preset = restrictionDurations.find((d) => d.value === value.duration);
  if (preset?.days) return new Date(nowMs() + preset.days * 86_400_000).toISOString();
  const zone = viewerTimeZone(args.request, args.context.auth);
  return zonedLocalToInstant(value.until, zone)?.toISOString() ?? value.until;
}

const handlers = {
  async suspend({ value, args, done }) {
    await suspendUser(signedIn(args), args.params.username ?? "", { until: untilOf(value, args), reason: value.reason });
    return done();
  },
  async silence({ value, args, done }) {
    await silenceUser(signedIn(args), args.params.username ?? "", { until: untilOf(value, args), reason: value.reason });
    return done();
  },
  async lift({ value, args, done }) {
    await liftRestriction(signedIn(args), args.params.username ?? "", value.kind);
    return done();
  },
  async ignore({ args, done }) {
    await ignoreUser(signedIn(args), args.params.username ?? "");
    return done();
  },
  async unignore({ args, done }) {
    await stopIgnoring(signedIn(args), args.params.username ?? "");
    return done();
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A refusal (a suspended moderator, a member who may not be ignored) is said beside the form, with the profile still shown.
  return formAction(args, schema, handlers, { keepOnPage: [403] });
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export default function Profile() {
  const { profile, series, history, answers, questions, isMe, moderation, ignore } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      <section className="card flex flex-col gap-6 p-6 sm:flex-row sm:items-center">
        <Avatar username={profile.username} size="lg" src={profile.avatarUrl} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="break-all text-2xl font-bold text-slate-900" data-testid="profile-username">
              {profile.username}
            </h1>
            <RoleBadge role={profile.role} always />
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="profile-rank">
              {profile.rank}
            </span>
          </div>
          {profile.displayName ? (
            <p className="mt-0.5 font-medium text-slate-700" data-testid="profile-display-name">
              {profile.displayName}
            </p>
          ) : null}
          {profile.bio ? <p className="mt-1 text-slate-600">{profile.bio}</p> : null}
          <p className="mt-1 text-sm text-slate-500">
            Member since <RelativeTime iso={profile.createdAt} />
          </p>
        </div>
        {isMe ? (
          <Link to="/settings" className="btn-secondary">
            Edit profile
          </Link>
        ) : null}
        {ignore ? <IgnoreButton username={profile.username} ignoring={ignore.ignoring} reply={replyFor(actionData, ignore.ignoring ? "unignore" : "ignore")} /> : null}
      </section>
      {moderation ? (
        <ModerationPanel
          restrictions={moderation}
          replies={{ suspend: replyFor(actionData, "suspend"), silence: replyFor(actionData, "silence"), lift: replyFor(actionData, "lift") }}
        />
      ) : null}
      <section className="grid grid-cols-2 gap-4 sm:grid-cols-4" aria-label="Contributions">
        <Stat label="Reputation" value={profile.reputation} testId="profile-reputation" />
        <Stat label="Questions" value={profile.questionCount} />
        <Stat label="Answers" value={profile.answerCount} />
        <Stat label="Solutions" value={profile.acceptedCount} />
      </section>

      <Section title="Reputation over the last year" aside={<Link to="/help/reputation" className="link text-sm">How reputation works</Link>}>
        <ReputationChart series={series} />
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={`Badges (${profile.badges.length})`} aside={<Link to="/badges" className="link text-sm">All badges</Link>}>
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
        <OwnQuestions questions={questions.questions} total={profile.questionCount} nextCursor={questions.nextCursor} paged={searchParams.has("questions")} />
        <RecentAnswers answers={answers} total={profile.answerCount} />
      </div>

      <ReputationHistory history={history} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
