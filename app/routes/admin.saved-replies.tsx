import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment, useEffect, useRef } from "react";
import { requirePermission } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FieldErrors, FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import { approveSavedReply, canApproveReplies, createSavedReply, listSavedReplies, placeholders } from "~/domain/escalation/saved-replies.server";
import { formFailure, formValues } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Saved replies · Admin · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    // Advocates may use approved replies from a question page, but this page is for staff.
    requirePermission(actor, "staff:view");
    const replies = await listSavedReplies(actor);
    return json({ replies, canApprove: canApproveReplies(actor), placeholders: [...placeholders] });
  } catch (err) {
    throwAsResponse(err);
  }
}

type ActionData =
  | { ok: true; intent: "create" | "approve"; message: string; values: null; formErrors: string[]; fields: Record<string, string[]> }
  | { ok: false; intent: "create" | "approve"; message: null; values: Record<string, string>; formErrors: string[]; fields: Record<string, string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const intent = form.get("intent") === "approve" ? "approve" : "create";
  const values = formValues(form, ["title", "body"]);
  try {
    if (intent === "approve") {
      const reply = await approveSavedReply(actor, String(form.get("id") ?? ""));
      return json<ActionData>({ ok: true, intent, message: `Approved “${reply.title}”: staff and advocates can use it now.`, values: null, formErrors: [], fields: {} });
    }
    const reply = await createSavedReply(actor, { title: values.title, body: values.body });
    const message = canApproveReplies(actor)
      ? `Added “${reply.title}”. Approve it below before anyone can use it.`
      : `Added “${reply.title}”. An admin needs to approve it before anyone can use it.`;
    return json<ActionData>({ ok: true, intent, message, values: null, formErrors: [], fields: {} });
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json<ActionData>({ ok: false, intent, message: null, values, ...errors }, { status, headers });
  }
}

// Spelled out here: the page renders in the browser too, where .server modules do not exist.
const placeholderHelp: Record<string, string> = {
  customer: "the asker's username",
  agent: "whoever uses the reply",
  question: "the question's title",
  category: "the question's category",
};

/** The body with its {{placeholders}} marked, so a reader sees what gets filled in. */
function Preview({ body }: { body: string }) {
  const parts = body.split(/(\{\{\s*\w+\s*\}\})/g);
  return (
    <p className="line-clamp-3 break-words text-sm text-slate-700">
      {parts.map((part, i) =>
        /^\{\{\s*\w+\s*\}\}$/.test(part) ? (
          <code key={i} className="rounded bg-brand-50 px-1 py-0.5 font-mono text-[12px] text-brand-800">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

type Reply = SerializeFrom<typeof loader>["replies"][number];

function ReplyItem({ reply, canApprove }: { reply: Reply; canApprove: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("id") === reply.id;
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start" data-testid={`reply-${reply.id}`}>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium text-slate-900">{reply.title}</h3>
          {reply.approved ? (
            <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-200">
              <svg viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                <path d="m5 10.5 3 3 7-7" />
              </svg>
              Approved{reply.approvedBy ? ` by ${reply.approvedBy}` : ""}
            </span>
          ) : (
            <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">
              Waiting for an admin
            </span>
          )}
        </div>
        <Preview body={reply.body} />
        <p className="text-xs text-slate-500">
          by{" "}
          <Link to={`/u/${encodeURIComponent(reply.createdBy)}`} className="hover:text-slate-700 hover:underline">
            {reply.createdBy}
          </Link>{" "}
          · <RelativeTime iso={reply.createdAt} /> · {reply.useCount === 0 ? "not used yet" : reply.useCount === 1 ? "used once" : `used ${reply.useCount.toLocaleString("en")} times`}
        </p>
      </div>
      {canApprove && !reply.approved ? (
        <Form method="post" className="shrink-0">
          <input type="hidden" name="id" value={reply.id} />
          <button type="submit" name="intent" value="approve" className="btn-primary px-3 py-1.5" disabled={busy} aria-label={`Approve “${reply.title}”`}>
            {busy ? "Approving…" : "Approve"}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export default function AdminSavedReplies() {
  const { replies, canApprove, placeholders } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const formRef = useRef<HTMLFormElement>(null);
  const failed = data && !data.ok && data.intent === "create" ? data : undefined;
  useEffect(() => {
    // A saved template clears the form (without JavaScript the new page starts empty anyway).
    if (data?.ok && data.intent === "create") formRef.current?.reset();
  }, [data]);
  const waiting = replies.filter((r) => !r.approved);
  const approved = replies.filter((r) => r.approved);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Saved replies</h1>
        <p className="mt-1 text-sm text-slate-600">
          Templates for answers staff and advocates give often. Anyone on staff can write one; an admin approves it before it can be used, and it is
          posted as the user's own answer with the placeholders filled in.
        </p>
      </div>

      {data?.ok ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {data.message}
        </div>
      ) : null}
      {data && !data.ok && data.intent === "approve" ? <FormError errors={data.formErrors} /> : null}

      <section className="card space-y-4 p-5" aria-labelledby="new-reply">
        <h2 id="new-reply" className="font-semibold text-slate-900">
          New saved reply
        </h2>
        <FormError errors={failed?.formErrors} />
        <Form method="post" className="space-y-4" ref={formRef}>
          <input type="hidden" name="intent" value="create" />
          <Field
            label="Title"
            hint="What staff pick from the list, e.g. “Reset the router”."
            errors={failed?.fields.title}
            inputProps={{ id: "title", name: "title", required: true, maxLength: 120, defaultValue: failed?.values.title ?? "", autoComplete: "off" }}
          />
          <div className="space-y-1.5">
            <label htmlFor="body" className="block text-sm font-medium text-slate-700">
              Reply
            </label>
            <textarea
              id="body"
              name="body"
              rows={7}
              required
              maxLength={10_000}
              defaultValue={failed?.values.body ?? ""}
              className="input font-mono text-[13px] leading-relaxed"
              placeholder={"Hi {{customer}}, thanks for asking about {{category}}…"}
              aria-invalid={failed?.fields.body ? true : undefined}
              aria-describedby={failed?.fields.body ? "body-error placeholders-help" : "placeholders-help"}
            />
            <FieldErrors id="body-error" errors={failed?.fields.body} />
            <div id="placeholders-help" className="rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-600">
              <p>Markdown works. These placeholders are filled in when the reply is used:</p>
              <ul className="mt-1.5 grid gap-x-6 gap-y-1 sm:grid-cols-2">
                {placeholders.map((p) => (
                  <li key={p}>
                    <code className="rounded bg-white px-1 py-0.5 font-mono text-[12px] text-brand-800 ring-1 ring-inset ring-slate-200">{`{{${p}}}`}</code>{" "}
                    {placeholderHelp[p] ?? ""}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <button type="submit" className="btn-primary" disabled={creating}>
            {creating ? "Adding…" : "Add saved reply"}
          </button>
        </Form>
      </section>

      {replies.length === 0 ? (
        <div className="card p-6 text-center text-sm text-slate-600">No saved replies yet. Write the first one above.</div>
      ) : null}

      {waiting.length ? (
        <section aria-labelledby="waiting-title" className="space-y-2">
          <h2 id="waiting-title" className="text-lg font-semibold text-slate-900">
            Waiting for approval ({waiting.length})
          </h2>
          {!canApprove ? <p className="text-sm text-slate-600">An admin approves these; until then nobody can use them.</p> : null}
          <ul className="card divide-y divide-slate-100" data-testid="waiting-replies">
            {waiting.map((r) => (
              <ReplyItem key={r.id} reply={r} canApprove={canApprove} />
            ))}
          </ul>
        </section>
      ) : null}

      {approved.length ? (
        <section aria-labelledby="approved-title" className="space-y-2">
          <h2 id="approved-title" className="text-lg font-semibold text-slate-900">
            Approved ({approved.length})
          </h2>
          <ul className="card divide-y divide-slate-100" data-testid="approved-replies">
            {approved.map((r) => (
              <ReplyItem key={r.id} reply={r} canApprove={canApprove} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
