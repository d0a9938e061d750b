import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { resolveReview, reviewQueue, type ReviewQueue } from "~/domain/moderation/review.server";
import { flagReasonLabels, ruleLabels } from "~/domain/moderation/present";
import { count } from "~/format";
import { intent, text } from "~/http/form-fields";
import { messagesOf } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { useRevalidateOn, useRoom } from "~/realtime/hooks";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Review queue") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const actor = signedIn(args);
    const query = Object.fromEntries(new URL(args.request.url).searchParams);
    return json({ queue: await reviewQueue(actor, query), cursor: query.cursor ?? null });
  });
}

const schema = z.discriminatedUnion("intent", [intent("resolve", { itemId: text(), action: text() })]);

const handlers = {
  async resolve({ value, args, done }) {
    await resolveReview(signedIn(args), value.itemId, { action: value.action });
    return done();
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // Another moderator got there first (409), or the post went (404): say so and keep the queue.
  return formAction(args, schema, handlers, { keepOnPage: [404] });
}

const sourceLabels: Record<string, string> = { flags: "Flagged", spam_rule: "Held by a spam rule", edited: "Edited while hidden", };
const typeLabels: Record<string, string> = { question: "Question", answer: "Answer", townhall_question: "Town hall question", chat_message: "Chat message" };

type Item = ReviewQueue["items"][number];

function Decision({ item }: { item: Item }) {
  const button = (action: "keep" | "hide" | "delete", label: string, className: string) => (
    <button type="submit" name="action" value={action} className={`${className} px-3 py-1.5 text-sm`} aria-label={`${label}: ${item.post?.title ?? "this post"}`}>
      {label}
    </button>
  );
  return (
    <Form method="post" className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="intent" value="resolve" />
      <input type="hidden" name="itemId" value={item.id} />
      {button("keep", item.post?.hidden ? "Keep and show" : "Keep", "btn-primary")}
      {item.post?.hidden ? null : button("hide", "Hide", "btn-secondary")}
      {item.target.type === "question" || item.target.type === "answer" ? button("delete", "Delete", "btn-danger") : null}
    </Form>
  );
}

function ReviewCard({ item }: { item: Item }) {
  const post = item.post;
  return (
    <li className="card space-y-3 p-4" data-testid="review-item">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-semibold text-slate-700">{typeLabels[item.target.type] ?? item.target.type}</span>
        <span className={item.source === "spam_rule" ? "font-semibold text-amber-800" : "font-semibold text-rose-800"}>{sourceLabels[item.source]}</span>
        {post?.hidden ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">Hidden now</span> : <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800">Still visible</span>}
        <span>
          · in the queue <RelativeTime iso={item.createdAt} />
        </span>
      </div>
      {post ? (
        <div className="space-y-1">
          <Link to={post.url} className="font-medium text-slate-900 hover:text-brand-700">
            {post.title}
          </Link>
          <p className="break-words text-sm text-slate-700">{post.excerpt}</p>
          <p className="text-xs text-slate-600">
            by{" "}
            <Link to={`/u/${encodeURIComponent(post.author.username)}`} className="link">
              {post.author.username}
            </Link>{" "}
            · posted <RelativeTime iso={post.createdAt} />
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">The post is gone.</p>
      )}
      {item.flagCount ? (
        <div className="text-sm text-slate-700">
          <p>
            {count(item.flagCount, "flag")}:{" "}
            {item.reasonCounts.map((r) => `${flagReasonLabels[r.reason] ?? r.reason}${r.count > 1 ? ` ×${r.count}` : ""}`).join(", ")}
          </p>
          {item.notes.length ? (
            <ul className="mt-1 space-y-0.5 text-slate-600">
              {item.notes.map((n, i) => (
                <li key={i} className="break-words">
                  “{n.note}” — {n.username}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : item.rule ? (
        <p className="text-sm text-slate-700">{ruleLabels[item.rule] ?? item.rule}</p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
        <Decision item={item} />
        {post ? (
          <Link to={`/u/${encodeURIComponent(post.author.username)}#moderation`} className="link text-sm">
            Suspend or silence {post.author.username}…
          </Link>
        ) : null}
      </div>
    </li>
  );
}

export default function ReviewQueuePage() {
  const { queue, cursor } = useLoaderData<typeof loader>();
  const refused = messagesOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  // Staff-only room: a flag, a held post or another moderator's decision refreshes the list for everyone.
  useRoom("staff:review");
  useRevalidateOn(["review:changed"]);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Review queue</h1>
        <p className="text-sm text-slate-600">
          <span data-testid="review-total">{count(queue.total, "post")}</span> waiting · oldest first · updates live
        </p>
      </div>
      {refused.length ? (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {refused.join(" ")}
        </p>
      ) : null}
      {queue.items.length ? (
        <ul className="space-y-3" data-testid="review-queue" aria-busy={busy}>
          {queue.items.map((item) => (
            <ReviewCard key={item.id} item={item} />
          ))}
        </ul>
      ) : (
        <div className="card p-8 text-center text-slate-600">Nothing waiting for review. Flagged and held posts appear here as they arrive.</div>
      )}
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {cursor ? (
          <Link to="/staff/review" className="link">
            ← Oldest first
          </Link>
        ) : (
          <span />
        )}
        {queue.nextCursor ? (
          <Link to={`/staff/review?cursor=${encodeURIComponent(queue.nextCursor)}`} className="link">
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
