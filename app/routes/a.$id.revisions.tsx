import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { getAnswer } from "~/domain/answers/answers.server";
import { listRevisions } from "~/domain/questions/edit.server";
import { throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Answer history · Nimbus Community" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const answer = await getAnswer(params.id ?? "");
    const revisions = await listRevisions(context.auth.actor, "answer", answer.id, answer.questionId);
    return json({ answer: { id: answer.id, url: answer.url }, revisions: revisions.reverse() });
  } catch (err) {
    throwAsResponse(err);
  }
}

export default function AnswerRevisions() {
  const { answer, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={answer.url} className="text-sm link">
          ← Back to the answer
        </Link>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">Answer history</h1>
        <p className="text-sm text-slate-600">Every version of this answer, newest first.</p>
      </div>
      {revisions.map((r) => (
        <section key={r.number} className="card space-y-3 p-5" data-testid="revision">
          <p className="text-xs text-slate-500">
            Revision {r.number} by {r.editor}, <RelativeTime iso={r.createdAt} />
          </p>
          <div className="prose-forum" dangerouslySetInnerHTML={{ __html: r.html }} />
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
