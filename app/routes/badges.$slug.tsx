import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { BadgePill } from "~/components/BadgePill";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { getBadge } from "~/domain/badges/list.server";
import { page } from "~/http/page.server";
import { count, formatNumber } from "~/format";
import { pageTitle } from "~/meta";
import { isDeletedUsername, shownName } from "~/domain/accounts/present";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, data?.badge.name ?? "Badge", "Badges") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, request }) =>
    json(await getBadge(params.slug ?? "", { before: new URL(request.url).searchParams.get("before") ?? undefined })),
  );
}

export default function Badge() {
  const { badge, holders, nextBefore } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <Link to="/badges" className="link text-sm">
        ← All badges
      </Link>
      <div className="card p-6">
        <BadgePill slug={badge.slug} name={badge.name} tier={badge.tier} />
        <p className="mt-3 text-slate-700">{badge.description}</p>
        <p className="mt-1 text-sm text-slate-500">
          {badge.tier[0].toUpperCase() + badge.tier.slice(1)} badge · held by {count(badge.awardedCount, "member")}
        </p>
      </div>
      {holders.length ? (
        <ul className="card divide-y divide-slate-100" data-testid="badge-holders">
          {holders.map((h) => (
            <li key={h.user.id} className="flex items-center gap-3 px-4 py-3">
              <Avatar username={h.user.username} size="sm" />
              {isDeletedUsername(h.user.username) ? (
                <span className="min-w-0 truncate font-medium italic text-slate-600">{shownName(h.user.username)}</span>
              ) : (
                <Link to={h.user.url} className="min-w-0 truncate font-medium text-slate-900 hover:text-brand-700">
                  {h.user.username}
                </Link>
              )}
              <RoleBadge role={h.user.role} />
              <span className="ml-auto shrink-0 text-sm text-slate-500">
                {formatNumber(h.user.reputation)} rep · <RelativeTime iso={h.awardedAt} />
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="card p-8 text-center text-slate-600">Nobody holds this badge yet.</div>
      )}
      {nextBefore ? (
        <Link to={`?before=${encodeURIComponent(nextBefore)}`} className="btn-secondary">
          Earlier holders
        </Link>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
