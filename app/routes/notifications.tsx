import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { flagReasonLabels } from "~/domain/moderation/present";
import { RelativeTime } from "~/components/RelativeTime";
import { RestrictionNotification } from "~/components/moderation/RestrictionNotification";
import { listNotifications, markRead } from "~/domain/notifications/notify.server";
import { page, signedIn } from "~/http/page.server";
import { useRevalidateOn } from "~/realtime/hooks";
import { pageTitle } from "~/meta";
import { shownName } from "~/domain/accounts/present";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Notifications") }];

/** Opening the page reads the notifications: they are shown as new this once, then marked read. */
export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const actor = signedIn(args);
    const list = await listNotifications(actor, { before: new URL(args.request.url).searchParams.get("cursor") ?? undefined });
    await markRead(actor, list.notifications.filter((n) => !n.read).map((n) => n.id));
    return json(list);
  });
}

const describe: Record<string, string> = {
  answer: "answered your question",
  mention: "mentioned you in",
  accepted: "accepted your answer to",
  assigned: "assigned you",
  private_reply: "wrote privately about",
  watched_answer: "posted a new answer in a question you follow:",
};

export default function Notifications() {
  const { notifications, nextCursor } = useLoaderData<typeof loader>();
  useRevalidateOn(["notification:created"]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Notifications</h1>
      {notifications.length === 0 ? (
        <div className="card p-8 text-center text-slate-500">Nothing yet. Answers to your questions, mentions, solutions and badges show up here.</div>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`flex items-start gap-3 px-5 py-4 ${n.read ? "" : "bg-brand-50/60"}`}>
              {!n.read ? <span className="mt-2 h-2 w-2 shrink-0 rounded-full bg-brand-600" role="img" aria-label="New" /> : <span className="w-2 shrink-0" />}
              <div className="min-w-0 flex-1 text-sm">
                {n.badge ? (
                  <p>
                    You earned the{" "}
                    <Link to={n.url ?? "/badges"} className="link">
                      {n.badge.name}
                    </Link>{" "}
                    badge.
                  </p>
                ) : n.kind === "routed" ? (
                  <p>
                    A question in your area needs an expert:{" "}
                    {n.url ? (
                      <Link to={n.url} className="link">
                        {n.question?.title}
                      </Link>
                    ) : null}
                  </p>
                ) : n.townhall ? (
                  <p>
                    {n.kind === "townhall_reminder" ? "Starting soon: " : "Your question was answered at "}
                    <Link to={n.townhall.url} className="link">
                      {n.townhall.title}
                    </Link>
                    {n.kind === "townhall_reminder" ? ", the town hall you said you would attend." : "."}
                  </p>
                ) : n.kind === "restricted" ? (
                  <RestrictionNotification subject={n.restriction} by={n.actor?.username ?? null} />
                ) : n.kind === "post_hidden" ? (
                  <p>
                    Your post on{" "}
                    {n.url ? (
                      <Link to={n.url} className="link">
                        {n.question?.title}
                      </Link>
                    ) : (
                      "a question"
                    )}{" "}
                    is hidden pending review: members flagged it as {flagReasonLabels[n.moderation?.subject ?? ""] ?? "a problem"}. Edit it to fix what is wrong and it goes back to the moderators.
                  </p>
                ) : n.kind === "flag_resolved" ? (
                  <p>
                    Thanks for your flag on{" "}
                    {n.url ? (
                      <Link to={n.url} className="link">
                        {n.question?.title}
                      </Link>
                    ) : (
                      "a town hall question"
                    )}
                    : a moderator {n.moderation?.subject === "kept" ? "kept the post" : n.moderation?.subject === "deleted" ? "deleted the post" : "hid the post"}.
                  </p>
                ) : n.kind === "watched_question" ? (
                  <p>
                    <span className="font-medium">{n.actor ? shownName(n.actor.username) : "Someone"}</span> asked{" "}
                    {n.url ? (
                      <Link to={n.url} className="link">
                        {n.question?.title}
                      </Link>
                    ) : (
                      "a question"
                    )}{" "}
                    in {n.followed?.name ?? "a category"}, which you follow.
                  </p>
                ) : n.kind === "new_device" ? (
                  <p>
                    A new device signed in to your account: <span className="font-medium">{n.device?.description ?? "a new device"}</span>. Not you?{" "}
                    <Link to="/settings/sessions" className="link">
                      Review your sessions
                    </Link>
                    .
                  </p>
                ) : n.kind === "nomination" ? (
                  <p>
                    <span className="font-medium">{n.actor ? shownName(n.actor.username) : "A member"}</span> was nominated for the{" "}
                    <Link to="/admin/advocates" className="link">
                      advocate programme
                    </Link>
                    .
                  </p>
                ) : (
                  <p>
                    <span className="font-medium">{n.actor ? shownName(n.actor.username) : "Someone"}</span> {describe[n.kind] ?? n.kind}{" "}
                    {n.url ? (
                      <Link to={n.url} className="link">
                        {n.question?.title}
                      </Link>
                    ) : null}
                  </p>
                )}
                <p className="mt-0.5 text-xs text-slate-500">
                  <RelativeTime iso={n.createdAt} />
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <Link to={`?cursor=${encodeURIComponent(nextCursor)}`} className="btn-secondary">
          Older
        </Link>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
