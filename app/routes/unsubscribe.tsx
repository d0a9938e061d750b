import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { isDomainError } from "~/domain/errors";
import { describeUnsubscribe, unsubscribe } from "~/domain/mail-notifications/unsubscribe.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Unsubscribe") }];

function tokenOf(request: Request) {
  return new URL(request.url).searchParams.get("token") ?? "";
}

function invalid() {
  return new Response("This unsubscribe link is not valid. Sign in and change what we send you in your notification settings.", { status: 400 });
}

/** Only shows what the link would stop: mail scanners open links, and must not unsubscribe anyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    return json(await describeUnsubscribe(tokenOf(request)));
  } catch (err) {
    if (isDomainError(err)) throw invalid();
    throw err;
  }
}

/** The page's button and a mail client's one-click POST (`List-Unsubscribe=One-Click`, RFC 8058) both land here. */
export async function action({ request }: ActionFunctionArgs) {
  try {
    const done = await unsubscribe(tokenOf(request));
    return json({ done: true as const, label: done.label });
  } catch (err) {
    if (isDomainError(err)) throw invalid();
    throw err;
  }
}

export default function Unsubscribe() {
  const { label } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <div className="card space-y-4 p-6">
        <h1 className="text-xl font-bold text-slate-900">{done ? "You are unsubscribed" : "Stop these emails?"}</h1>
        {done ? (
          <p className="text-slate-700" role="status">
            Done: we will not email you about {done.label} any more. You can change this any time in your{" "}
            <Link to="/settings/notifications" className="link">
              notification settings
            </Link>
            .
          </p>
        ) : (
          <>
            <p className="text-slate-700">We will stop emailing you about {label}. Notifications still arrive in the bell on the site.</p>
            <Form method="post">
              <button type="submit" className="btn-primary">
                Unsubscribe
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
