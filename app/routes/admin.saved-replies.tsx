import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { ClientKeyInput, useClientKey } from "~/components/ClientKey";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FieldErrors, FormError } from "~/components/Field";
import { ReplyItem } from "~/components/saved-replies/ReplyItem";
import { approveSavedReply } from "~/domain/escalation/saved-replies.server";
import { addSavedReply, savedRepliesPage } from "~/domain/escalation/saved-replies-page.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Saved replies", "Admin") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => json(await savedRepliesPage(signedIn(args))));
}

const schema = z.discriminatedUnion("intent", [intent("create", { title: text(), body: text(), clientKey: optionalText() }), intent("approve", { id: text() })]);

const handlers = {
  async create({ value, args, done }) {
    const { reply, canApprove } = await addSavedReply(signedIn(args), { title: value.title, body: value.body, clientKey: value.clientKey });
    const message = canApprove
      ? `Added “${reply.title}”. Approve it below before anyone can use it.`
      : `Added “${reply.title}”. An admin needs to approve it before anyone can use it.`;
    return done({ message });
  },
  async approve({ value, args, done }) {
    const reply = await approveSavedReply(signedIn(args), value.id);
    return done({ message: `Approved “${reply.title}”: staff and advocates can use it now.` });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

// Spelled out here: the page renders in the browser too, where .server modules do not exist.
const placeholderHelp: Record<string, string> = {
  customer: "the asker's username",
  agent: "whoever uses the reply",
  question: "the question's title",
  category: "the question's category",
};

export default function AdminSavedReplies() {
  const { replies, can, placeholders } = useLoaderData<typeof loader>();
  const key = useClientKey("saved-reply");
  const canApprove = can.approve;
  const data = useActionData<typeof action>();
  const message = data && "message" in data ? data.message : null;
  const created = replyFor(data, "create");
  const approval = errorsOf(replyFor(data, "approve"));
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const formRef = useRef<HTMLFormElement>(null);
  const failed = errorsOf(created);
  useEffect(() => {
    // A saved template clears the form (without JavaScript the new page starts empty anyway).
    if (created && !failed.failed) formRef.current?.reset();
  }, [created, failed.failed]);
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

      {message ? (
        <div role="status" className="rounded-lg bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {message}
        </div>
      ) : null}
      <FormError errors={approval.form} />

      <section className="card space-y-4 p-5" aria-labelledby="new-reply">
        <h2 id="new-reply" className="font-semibold text-slate-900">
          New saved reply
        </h2>
        <FormError errors={failed.form} />
        <Form method="post" className="space-y-4" ref={formRef}>
          <input type="hidden" name="intent" value="create" />
          <ClientKeyInput value={key} />
          <Field
            label="Title"
            hint="What staff pick from the list, e.g. “Reset the router”."
            errors={failed.fields.title}
            inputProps={{ id: "title", name: "title", required: true, maxLength: 120, defaultValue: typedValue(created, "title") ?? "", autoComplete: "off" }}
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
              defaultValue={typedValue(created, "body") ?? ""}
              className="input font-mono text-[13px] leading-relaxed"
              placeholder={"Hi {{customer}}, thanks for asking about {{category}}…"}
              aria-invalid={failed.fields.body ? true : undefined}
              aria-describedby={failed.fields.body ? "body-error placeholders-help" : "placeholders-help"}
            />
            <FieldErrors id="body-error" errors={failed.fields.body} />
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
