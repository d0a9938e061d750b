import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { listRevisions } from "~/domain/questions/edit.server";
import { throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Question history · Nimbus Community" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  try {
    return json({ id, revisions: (await listRevisions(context.auth.actor, "question", id, id)).reverse() });
  } catch (err) {
    throwAsResponse(err);
  }
}

export default function Revisions() {
  const { id, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={`/q/${id}`} className="text-sm link">
          ← Back to the question
        </Link>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">History</h1>
        <p className="text-sm text-slate-600">Every version of this question, newest first.</p>
      </div>
      {revisions.map((r) => (
        <section key={r.number} className="card space-y-3 p-5" data-testid="revision">
          <p className="text-xs text-slate-500">
            Revision {r.number} by {r.editor}, <RelativeTime iso={r.createdAt} />
          </p>
          <h2 className="text-lg font-semibold text-slate-900">{r.title}</h2>
          <div className="prose-forum" dangerouslySetInnerHTML={{ __html: r.html }} />
          {r.tags?.length ? <p className="text-xs text-brand-700">{r.tags.map((t) => `#${t}`).join(" ")}</p> : null}
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
