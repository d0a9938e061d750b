import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RevisionList } from "~/components/RevisionList";
import { listRevisions } from "~/domain/questions/edit.server";
import { page } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Question history") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, context }) => {
    const id = params.id ?? "";
    return json({ id, revisions: (await listRevisions(context.auth.actor, "question", id, id)).reverse() });
  });
}

export default function Revisions() {
  const { id, revisions } = useLoaderData<typeof loader>();
  return <RevisionList heading="History" backTo={`/q/${id}`} backLabel="Back to the question" revisions={revisions} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
