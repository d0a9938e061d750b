import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RevisionList } from "~/components/RevisionList";
import { getAnswer } from "~/domain/answers/answers.server";
import { listRevisions } from "~/domain/questions/edit.server";
import { page } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Answer history") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, context }) => {
    const answer = await getAnswer(context.auth.actor, params.id ?? "");
    const revisions = await listRevisions(context.auth.actor, "answer", answer.id, answer.questionId);
    return json({ answer: { id: answer.id, url: answer.url }, revisions: revisions.reverse() });
  });
}

export default function AnswerRevisions() {
  const { answer, revisions } = useLoaderData<typeof loader>();
  return <RevisionList heading="Answer history" backTo={answer.url} backLabel="Back to the answer" revisions={revisions} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
