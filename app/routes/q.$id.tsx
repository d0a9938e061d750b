import { can } from "~/auth/permissions";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { createHash } from "node:crypto";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { MarkdownEditor } from "~/components/MarkdownEditor";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import type { Suggestion } from "~/components/SimilarQuestions";
import { VoteControls } from "~/components/VoteControls";
import { deleteAnswer, postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { isDomainError, ValidationError } from "~/domain/errors";
import { isStaff } from "~/auth/permissions";
import { AskerSupport, PrivateThread, SavedReplyForm, StaffPanel } from "~/components/SupportPanel";
import { assign, claim, escalate, listStaff, setStatus } from "~/domain/escalation/cases.server";
import { addNote } from "~/domain/escalation/notes.server";
import { listPrivateMessages, moveToPrivate, postPrivateMessage } from "~/domain/escalation/private-thread.server";
import { canUseSavedReplies, listSavedReplies, useSavedReply } from "~/domain/escalation/saved-replies.server";
import { closeAsDuplicate, reopen } from "~/domain/questions/duplicates.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { getQuestion } from "~/domain/questions/get.server";
import { answerSchema } from "~/domain/questions/schemas";
import { recordView } from "~/domain/questions/views.server";
import { castVote } from "~/domain/votes/votes.server";
import { replyWithDomainError } from "~/http/forms.server";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";
import { log } from "~/log.server";
import { useRevalidateOn, useRoom } from "~/realtime/hooks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `${data.question.title} · Nimbus Community` : "Question · Nimbus Community",
  },
  {
    name: "description",
    content: data ? data.question.body.slice(0, 160) : "",
  },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const actor = context.auth.actor;
  let page;
  try {
    page = await getQuestion(actor, params.id ?? "");
  } catch (err) {
    throwAsResponse(err);
  }
  const viewer = actor
    ? `u:${actor.id}`
    : `a:${createHash("sha256")
        .update(`${context.ip}|${request.headers.get("user-agent") ?? ""}`)
        .digest("base64url")
        .slice(0, 22)}`;
  // Counting a view must never cost the reader their page.
  recordView(page.question.id, viewer).catch((err) => log.warn("view count failed", err));
  const staffView = isStaff(actor);
  const isAsker = actor?.username === page.question.author.username;
  const none = <T,>(): Promise<T[]> => Promise.resolve([]);
  const [staff, savedReplies, messages] = await Promise.all([
    staffView ? listStaff(actor) : none<Awaited<ReturnType<typeof listStaff>>[number]>(),
    canUseSavedReplies(actor)
      ? listSavedReplies(actor).then((all) => all.filter((r) => r.approved).map((r) => ({ id: r.id, title: r.title })))
      : none<{ id: string; title: string }>(),
    page.support?.isPrivate && (staffView || isAsker) ? listPrivateMessages(actor, page.question.id) : none<Awaited<ReturnType<typeof listPrivateMessages>>[number]>(),
  ]);
  return json({ ...page, signedIn: Boolean(actor), canDownvote: can(actor, "vote:down"), staffView, isAsker, staff, savedReplies, messages });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const questionId = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "answer") {
    const submission = parseWithZod(form, { schema: answerSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      const answer = await postAnswer(actor, questionId, submission.value);
      return redirect(`/q/${questionId}#answer-${answer.id}`);
    } catch (err) {
      const reply = replyWithDomainError(submission, err);
      return json({ intent, result: await reply.json() }, { status: reply.status });
    }
  }
  try {
    switch (intent) {
      case "vote":
        return json(
          await castVote(actor, {
            target: form.get("target"),
            id: form.get("id"),
            value: form.get("value"),
          })
        );
      case "accept":
      case "unaccept":
        await setAccepted(actor, String(form.get("answerId") ?? ""), intent === "accept");
        return json({ ok: true });
      case "delete-answer":
        await deleteAnswer(actor, String(form.get("answerId") ?? ""));
        return json({ ok: true });
      case "close-duplicate":
        await closeAsDuplicate(actor, questionId, { of: form.get("of") });
        return json({ ok: true });
      case "reopen":
        await reopen(actor, questionId);
        return json({ ok: true });
      case "escalate":
        await escalate(actor, questionId, { reason: form.get("reason") || undefined });
        return json({ ok: true });
      case "claim":
        await claim(actor, questionId);
        return json({ ok: true });
      case "assign":
        await assign(actor, questionId, { username: form.get("username") ?? "" });
        return json({ ok: true });
      case "status":
        await setStatus(actor, questionId, { status: form.get("status") });
        return json({ ok: true });
      case "private":
        await moveToPrivate(actor, questionId);
        return json({ ok: true });
      case "note":
        await addNote(actor, questionId, { body: form.get("body") ?? "" });
        return json({ ok: true });
      case "message":
        await postPrivateMessage(actor, questionId, { body: form.get("body") ?? "" });
        return json({ ok: true });
      case "saved-reply": {
        const answer = await useSavedReply(actor, questionId, { replyId: form.get("replyId") ?? "", extra: form.get("extra") || undefined });
        return redirect(`/q/${questionId}#answer-${answer.id}`);
      }
      case "delete-question":
        await deleteQuestion(actor, questionId);
        return redirect("/questions");
      default:
        throw new Response("Unknown action.", { status: 400 });
    }
  } catch (err) {
    if (err instanceof ValidationError) return json({ intent, error: Object.values(err.fields).flat()[0] ?? err.message }, { status: 400 });
    if (isDomainError(err) && err.status !== 404) return json({ intent, error: err.message }, { status: err.status });
    throwAsResponse(err);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Byline({
  author,
  createdAt,
  edited,
  verb,
}: {
  author: LoaderData["question"]["author"];
  createdAt: string;
  edited: boolean;
  verb: string;
}) {
  return (
    <div className="flex items-center gap-2 text-sm text-slate-600">
      <Avatar username={author.username} size="sm" />
      <Link to={author.url} className="font-medium text-slate-800 hover:underline">
        {author.username}
      </Link>
      <RoleBadge role={author.role} />
      <span className="text-slate-400">·</span>
      <span>
        {verb} <RelativeTime iso={createdAt} />
        {edited ? " (edited)" : ""}
      </span>
    </div>
  );
}

function AnswerForm({ questionId }: { questionId: string }) {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "answer";
  const result = data && "result" in data ? data.result : undefined;
  const fieldErrors = result && "error" in result ? (result.error as Record<string, string[] | undefined> | undefined) : undefined;
  return (
    // Remounting after each submission clears the editor, or refills it with what failed.
    <Form method="post" className="card space-y-4 p-5" key={busy ? "busy" : "idle"} id="answer-form">
      <input type="hidden" name="intent" value="answer" />
      <h2 className="text-lg font-semibold text-slate-900">Your answer</h2>
      <FormError errors={fieldErrors?.[""] ?? undefined} />
      <MarkdownEditor
        id={`answer-${questionId}`}
        name="body"
        label="Answer"
        errors={fieldErrors?.body ?? undefined}
        defaultValue={
          result && "initialValue" in result ? String((result.initialValue as Record<string, unknown> | undefined)?.body ?? "") : ""
        }
        placeholder="Share what worked for you. Steps and details help most."
      />
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Posting…" : "Post your answer"}
      </button>
    </Form>
  );
}

/** Edit, History and Delete under a post, for whoever may use them. */
function PostLinks({ kind, id, canEdit, edited, canDelete }: { kind: "question" | "answer"; id: string; canEdit: boolean; edited: boolean; canDelete: boolean }) {
  const base = kind === "question" ? `/q/${id}` : `/a/${id}`;
  return (
    <>
      {canEdit ? (
        <Link to={`${base}/edit`} className="link">
          Edit
        </Link>
      ) : null}
      {edited ? (
        <Link to={`${base}/revisions`} className="link">
          History
        </Link>
      ) : null}
      {canDelete ? (
        <Form method="post" onSubmit={(e) => !confirm(`Delete this ${kind}?`) && e.preventDefault()}>
          <input type="hidden" name="intent" value={`delete-${kind}`} />
          {kind === "answer" ? <input type="hidden" name="answerId" value={id} /> : null}
          <button type="submit" className="font-medium text-rose-700 hover:underline">
            Delete
          </button>
        </Form>
      ) : null}
    </>
  );
}

type AnswerData = LoaderData["answers"][number];

function AnswerCard({ a, canAccept, signedIn, canDownvote }: { a: AnswerData; questionId: string; canAccept: boolean; signedIn: boolean; canDownvote: boolean }) {
  return (
    <div
      id={`answer-${a.id}`}
      data-testid="answer"
      className={`card flex scroll-mt-24 gap-4 p-5 ${a.accepted ? "ring-2 ring-emerald-500" : ""} ${a.deleted ? "opacity-60" : ""}`}
    >
      <VoteControls target="answer" id={a.id} score={a.score} myVote={a.myVote} canVote={a.can.vote && !a.deleted} signedIn={signedIn} canDownvote={canDownvote} />
      <div className="min-w-0 flex-1 space-y-3">
        {a.accepted ? <p className="text-xs font-semibold uppercase text-emerald-700">✓ Solution</p> : null}
        {a.deleted ? <p className="text-xs font-semibold uppercase text-rose-700">Deleted</p> : null}
        <div className="prose-forum" dangerouslySetInnerHTML={{ __html: a.html }} />
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
          <div className="flex items-center gap-3 text-sm">
            {canAccept && !a.deleted ? (
              <Form method="post">
                <input type="hidden" name="intent" value={a.accepted ? "unaccept" : "accept"} />
                <input type="hidden" name="answerId" value={a.id} />
                <button
                  type="submit"
                  className={a.accepted ? "btn-secondary px-3 py-1" : "btn px-3 py-1 bg-emerald-600 text-white hover:bg-emerald-700"}
                >
                  {a.accepted ? "Unmark solution" : "Mark as solution"}
                </button>
              </Form>
            ) : null}
            <PostLinks kind="answer" id={a.id} canEdit={a.can.edit && !a.deleted} edited={a.edited} canDelete={a.can.delete && !a.deleted} />
          </div>
          <Byline author={a.author} createdAt={a.createdAt} edited={a.edited} verb="answered" />
        </div>
      </div>
    </div>
  );
}

/** Shown when the asker came here from the ask form's suggestions: one click records a deflection. */
function SolvedMyProblem({ questionId }: { questionId: string }) {
  const [params] = useSearchParams();
  const draftId = params.get("draft");
  const [done, setDone] = useState(false);
  if (params.get("from") !== "ask" || !draftId) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm" data-testid="deflection">
      {done ? (
        <span className="font-medium text-emerald-800">Glad it helped! You can close this tab: your draft stays where it was.</span>
      ) : (
        <>
          <span className="text-emerald-900">You opened this from your draft question. Did it answer it?</span>
          <button
            type="button"
            className="btn bg-emerald-600 px-3 py-1.5 text-white hover:bg-emerald-700"
            onClick={async () => {
              await fetch("/api/v1/search/deflection", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ draftId, kind: "solved", questionId }) });
              setDone(true);
            }}
          >
            This solved my problem
          </button>
        </>
      )}
    </div>
  );
}

/** Related questions, fetched after the page shows so they never slow the thread down. */
function Related({ id, title, body }: { id: string; title: string; body: string }) {
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const { load } = fetcher;
  useEffect(() => {
    load(`/api/v1/search/similar?${new URLSearchParams({ title, body: body.slice(0, 300), exclude: id, limit: "5" })}`);
  }, [id, title, body, load]);
  const list = fetcher.data?.suggestions ?? [];
  if (!list.length) return null;
  return (
    <aside className="card p-5" aria-label="Related questions" data-testid="related">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Related questions</h2>
      <ul className="mt-3 space-y-2">
        {list.map((s) => (
          <li key={s.id} className="text-sm">
            <Link to={s.url} className="text-slate-800 hover:text-brand-700">
              {s.solved ? <span className="mr-1.5 text-xs font-semibold text-emerald-700">✓</span> : null}
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export default function QuestionPage() {
  const data = useLoaderData<typeof loader>();
  const { question, answers, signedIn, canDownvote } = data;
  const actionData = useActionData<typeof action>();
  useRoom(`question:${question.id}`);
  useRevalidateOn(["answer:created", "question:updated", "question:solved", "vote:changed", "private:message", "queue:changed"], (p) => p.questionId === question.id);
  // Staff also hear the staff room (notes, claims); the asker hears private replies in their own room.
  useRoom(data.staffView ? "staff:queue" : null);
  const solution = answers.find((a) => a.accepted);
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <article className="mx-auto max-w-4xl space-y-6">
      {question.deleted ? (
        <div role="status" className="rounded-lg bg-rose-50 px-4 py-2 text-sm text-rose-800">
          This question was deleted. Only staff can see it.
        </div>
      ) : null}
      {error ? (
        <div role="alert" className="rounded-lg bg-rose-50 px-4 py-2 text-sm text-rose-800">
          {error}
        </div>
      ) : null}
      <SolvedMyProblem questionId={question.id} />
      {data.staffView && "notes" in data ? (
        <StaffPanel
          support={data.support?.view === "staff" ? data.support : null}
          notes={data.notes ?? []}
          staff={data.staff}
          savedReplies={data.savedReplies}
          customer={question.author.username}
        />
      ) : null}
      {data.support?.view === "asker" ? <AskerSupport support={data.support} /> : null}
      {data.support?.isPrivate && !data.staffView && !data.isAsker ? (
        <div role="status" className="rounded-xl border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900" data-testid="moved-private">
          The Nimbus team took this conversation private to look at account details. Answers here stay readable.
        </div>
      ) : null}
      {question.duplicateOf ? (
        <div role="status" className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900" data-testid="duplicate-banner">
          Closed as a duplicate of{" "}
          <Link to={question.duplicateOf.url} className="font-semibold underline">
            {question.duplicateOf.title}
          </Link>
          . Its answers stay readable here; new answers go to the original.
        </div>
      ) : null}
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link
            to={`/questions?category=${question.category.slug}`}
            className="rounded bg-slate-100 px-2 py-0.5 text-slate-700 hover:bg-slate-200"
          >
            {question.category.name}
          </Link>
          {question.solved ? (
            <span className="rounded bg-emerald-600 px-2 py-0.5 text-xs font-semibold uppercase text-white" data-testid="solved-badge">
              Solved
            </span>
          ) : null}
        </div>
        <h1 className="text-2xl font-bold leading-snug text-slate-900 sm:text-3xl" data-testid="question-title">
          {question.title}
        </h1>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
          <span>
            Asked <RelativeTime iso={question.createdAt} />
          </span>
          <span>
            Active <RelativeTime iso={question.lastActivityAt} />
          </span>
          <span>Viewed {question.viewCount.toLocaleString("en")} times</span>
        </div>
      </header>

      <section className="card flex gap-4 p-5" aria-label="Question">
        <VoteControls
          target="question"
          id={question.id}
          score={question.score}
          myVote={question.myVote}
          canVote={question.can.vote}
          signedIn={signedIn}
          canDownvote={canDownvote}
        />
        <div className="min-w-0 flex-1 space-y-4">
          <div className="prose-forum" data-testid="question-body" dangerouslySetInnerHTML={{ __html: question.html }} />
          <div className="flex flex-wrap gap-1.5">
            {question.tags.map((t) => (
              <Link
                key={t}
                to={`/questions?tag=${encodeURIComponent(t)}`}
                className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700 hover:bg-brand-100"
              >
                #{t}
              </Link>
            ))}
          </div>
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
            <div className="flex items-center gap-3 text-sm">
              <PostLinks kind="question" id={question.id} canEdit={question.can.edit} edited={question.edited} canDelete={question.can.delete && !question.deleted} />
            </div>
            <Byline author={question.author} createdAt={question.createdAt} edited={question.edited} verb="asked" />
          </div>
        </div>
      </section>

      {solution ? (
        <section aria-label="Solution" data-testid="solution">
          <AnswerCard a={solution} questionId={question.id} canAccept={question.can.accept} signedIn={signedIn} canDownvote={canDownvote} />
        </section>
      ) : null}

      <section aria-label="Answers" className="space-y-4">
        <h2 className="text-lg font-semibold text-slate-900" data-testid="answer-count">
          {answers.length === 1 ? "1 answer" : `${answers.length} answers`}
          {solution && answers.length > 1 ? (
            <span className="ml-2 text-sm font-normal text-slate-500">(the solution is shown first)</span>
          ) : null}
        </h2>
        {answers
          .filter((a) => !a.accepted)
          .map((a) => (
            <AnswerCard key={a.id} a={a} questionId={question.id} canAccept={question.can.accept} signedIn={signedIn} canDownvote={canDownvote} />
          ))}
      </section>

      {data.support?.isPrivate && (data.staffView || data.isAsker) ? <PrivateThread messages={data.messages} /> : null}
      {!data.staffView && data.savedReplies.length && question.can.answer ? (
        <section className="card p-5">
          <SavedReplyForm savedReplies={data.savedReplies} />
        </section>
      ) : null}
      {question.can.answer ? (
        <AnswerForm questionId={question.id} />
      ) : !signedIn ? (
        <div className="card p-5 text-center text-sm text-slate-600">
          <Link to={`/login?redirectTo=/q/${question.id}`} className="link">
            Log in
          </Link>{" "}
          or{" "}
          <Link to="/signup" className="link">
            sign up
          </Link>{" "}
          to answer.
        </div>
      ) : null}
      {question.can.close ? (
        <details className="card p-4 text-sm">
          <summary className="cursor-pointer font-medium text-slate-700">Moderation</summary>
          <div className="mt-3">
            {question.duplicateOf ? (
              <Form method="post">
                <input type="hidden" name="intent" value="reopen" />
                <button type="submit" className="btn-secondary">
                  Reopen this question
                </button>
              </Form>
            ) : (
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="close-duplicate" />
                <div className="min-w-0 flex-1">
                  <label htmlFor="duplicate-of" className="block text-xs font-medium text-slate-600">
                    Close as a duplicate of (link or id of the original)
                  </label>
                  <input id="duplicate-of" name="of" className="input mt-1" placeholder="/q/…" />
                </div>
                <button type="submit" className="btn-secondary">
                  Close as duplicate
                </button>
              </Form>
            )}
          </div>
        </details>
      ) : null}
      <Related id={question.id} title={question.title} body={question.body} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
