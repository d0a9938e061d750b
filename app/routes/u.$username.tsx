import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { getProfile } from "~/domain/accounts/users.server";
import { NotFoundError } from "~/domain/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.username} · Nimbus Community` : "Member · Nimbus Community" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const profile = await getProfile(params.username ?? "");
    return json({ profile, isMe: context.auth.actor?.id === profile.id });
  } catch (err) {
    if (err instanceof NotFoundError) throw new Response("No member has that username.", { status: 404 });
    throw err;
  }
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="card px-4 py-3 text-center">
      <div className="text-2xl font-bold text-slate-900">{value.toLocaleString("en")}</div>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
    </div>
  );
}

export default function Profile() {
  const { profile, isMe } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <section className="card flex flex-col gap-6 p-6 sm:flex-row sm:items-center">
        <Avatar username={profile.username} size="lg" />
        <div className="flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-bold text-slate-900" data-testid="profile-username">
              {profile.username}
            </h1>
            <RoleBadge role={profile.role} always />
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
        <Stat label="Reputation" value={profile.reputation} />
        <Stat label="Questions" value={profile.questionCount} />
        <Stat label="Answers" value={profile.answerCount} />
        <Stat label="Accepted" value={profile.acceptedCount} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
