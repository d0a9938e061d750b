import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { listWatches, type WatchItem } from "~/domain/following/queries.server";
import { unwatch, unwatchStored, watch } from "~/domain/following/watch.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { safeRedirect } from "~/http/redirect";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Following") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const list = await listWatches(signedIn(args), { cursor: new URL(args.request.url).searchParams.get("cursor") ?? undefined });
    return json(list);
  });
}

const targetType = z.enum(["question", "category", "tag"]);
const schema = z.discriminatedUnion("intent", [
  intent("follow", { type: targetType, key: text(), back: optionalText() }),
  intent("unfollow", { type: targetType, key: text(), back: optionalText() }),
  intent("unfollow-stored", { type: targetType, targetId: text() }),
]);

/** Without JavaScript the follow buttons post here and come back to where they were (`back`); with it, they stay on their page. */
const handlers = {
  async follow({ value, args, done }) {
    const result = await watch(signedIn(args), value.type, value.key);
    return value.back ? redirect(safeRedirect(value.back, "/following")) : done(result);
  },
  async unfollow({ value, args, done }) {
    const result = await unwatch(signedIn(args), value.type, value.key);
    return value.back ? redirect(safeRedirect(value.back, "/following")) : done(result);
  },
  async "unfollow-stored"({ value, args, done }) {
    return done(await unwatchStored(signedIn(args), value.type, value.targetId));
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

const groups: { type: WatchItem["type"]; heading: string; empty: string }[] = [
  { type: "question", heading: "Questions", empty: "You follow no questions. Your own questions are followed for you; use Follow on any other." },
  { type: "category", heading: "Categories", empty: "You follow no categories. Follow one from its question list to hear of every new question." },
  { type: "tag", heading: "Tags", empty: "You follow no tags. Open a tag from any question and follow it." },
];

export default function Following() {
  const { watches, nextCursor } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Following</h1>
        <p className="mt-1 text-sm text-slate-600">New answers to the questions you follow, and new questions in the categories and tags you follow, show up in your notifications.</p>
      </div>
      {groups.map((g) => {
        const items = watches.filter((w) => w.type === g.type);
        return (
          <section key={g.type} aria-labelledby={`following-${g.type}`} className="space-y-2">
            <h2 id={`following-${g.type}`} className="text-lg font-semibold text-slate-900">
              {g.heading}
            </h2>
            {items.length === 0 ? (
              <p className="card p-5 text-sm text-slate-500">{g.empty}</p>
            ) : (
              <ul className="card divide-y divide-slate-100" data-testid={`following-${g.type}`}>
                {items.map((w) => (
                  <li key={`${w.type}:${w.targetId}`} className="flex items-center justify-between gap-3 px-5 py-3">
                    <div className="min-w-0">
                      {w.available ? (
                        <Link to={w.url} className="link break-words font-medium">
                          {w.title}
                        </Link>
                      ) : (
                        <span className="text-slate-500">{w.title}</span>
                      )}
                      <p className="text-xs text-slate-500">
                        Since <RelativeTime iso={w.createdAt} />
                      </p>
                    </div>
                    <Form method="post" className="shrink-0">
                      <input type="hidden" name="intent" value="unfollow-stored" />
                      <input type="hidden" name="type" value={w.type} />
                      <input type="hidden" name="targetId" value={w.targetId} />
                      <button type="submit" className="btn-secondary px-3 py-1.5 text-sm" aria-label={`Unfollow ${w.title}`}>
                        Unfollow
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {nextCursor ? (
        <div className="flex justify-end">
          <Link to={`/following?cursor=${encodeURIComponent(nextCursor)}`} className="btn-secondary" rel="next">
            More →
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
