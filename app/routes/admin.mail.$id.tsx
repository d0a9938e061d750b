import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { LocalTime } from "~/components/TimeZone";
import { mailOutboxMessage } from "~/domain/mail/outbox.server";
import { page, signedIn } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: pageTitle(matches, data?.message.subject ?? "Message", "Mail outbox") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await mailOutboxMessage(signedIn(args), args.params.id ?? "")));
}

export default function OutboxMessage() {
  const { message, content } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <Link to="/admin/mail" className="link text-sm">
        ← Mail outbox
      </Link>
      <div className="card space-y-2 p-5">
        <h1 className="text-xl font-bold text-slate-900 [overflow-wrap:anywhere]">{message.subject ?? "(not rendered yet)"}</h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">To</dt>
          <dd className="[overflow-wrap:anywhere]">{message.to}</dd>
          {content?.from ? (
            <>
              <dt className="text-slate-600">From</dt>
              <dd className="[overflow-wrap:anywhere]">{content.from}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">Status</dt>
          <dd>
            {message.status}
            {message.attempts > 1 ? ` after ${message.attempts} tries` : ""}
            {message.error ? <span className="text-rose-600"> · {message.error}</span> : null}
          </dd>
          <dt className="text-slate-600">Queued</dt>
          <dd>
            <LocalTime iso={message.createdAt} />
          </dd>
          {message.sentAt ? (
            <>
              <dt className="text-slate-600">Sent</dt>
              <dd>
                <LocalTime iso={message.sentAt} />
              </dd>
            </>
          ) : null}
          {content?.listUnsubscribe ? (
            <>
              <dt className="text-slate-600">Unsubscribe</dt>
              <dd className="break-all font-mono text-xs">{content.listUnsubscribe}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {content ? (
        <>
          {content.html ? (
            <section className="card overflow-hidden" aria-labelledby="html-part">
              <h2 id="html-part" className="border-b border-slate-100 px-5 py-2 text-sm font-semibold text-slate-900">
                As the recipient sees it
              </h2>
              {/* sandbox with no allowances: the message's HTML runs no script and reaches nothing of this page. */}
              <iframe title="The message as HTML" sandbox="" srcDoc={content.html} className="h-[32rem] w-full bg-white" />
            </section>
          ) : null}
          <section className="card" aria-labelledby="text-part">
            <h2 id="text-part" className="border-b border-slate-100 px-5 py-2 text-sm font-semibold text-slate-900">
              Plain text
            </h2>
            <pre className="overflow-x-auto whitespace-pre-wrap break-words px-5 py-4 text-sm text-slate-800">{content.text}</pre>
          </section>
        </>
      ) : (
        <p className="card p-5 text-sm text-slate-600">
          {message.status === "queued"
            ? "This message waits to be sent; reload in a moment."
            : message.readable
              ? "Its file is no longer in the outbox folder."
              : "It went out through the SMTP server, so only its record is kept here."}
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
