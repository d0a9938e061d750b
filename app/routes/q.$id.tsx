import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AnswerList } from "~/components/questions/AnswerList";
import { AnswerForm } from "~/components/questions/AnswerForm";
import { DuplicateModeration } from "~/components/questions/DuplicateModeration";
import { QuestionNotices } from "~/components/questions/QuestionNotices";
import { QuestionPost } from "~/components/questions/QuestionPost";
import { RelatedQuestions } from "~/components/questions/RelatedQuestions";
import { SolvedMyProblem } from "~/components/questions/SolvedMyProblem";
import { FollowButton } from "~/components/following/FollowButton";
import { AskerSupport, PrivateThread, SavedReplyForm, StaffPanel } from "~/components/SupportPanel";
import { deleteAnswer, postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { assign, claim, escalate, setStatus } from "~/domain/escalation/cases.server";
import { addNote } from "~/domain/escalation/notes.server";
import { moveToPrivate, postPrivateMessage } from "~/domain/escalation/private-thread.server";
import { useSavedReply } from "~/domain/escalation/saved-replies.server";
import { closeAsDuplicate, reopen } from "~/domain/questions/duplicates.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { flagPost } from "~/domain/moderation/flags.server";
import { questionPage } from "~/domain/questions/question-page.server";
import { anonymousViewer, recordView } from "~/domain/questions/views.server";
import { castVote } from "~/domain/votes/votes.server";
import { isWatching } from "~/domain/following/queries.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { messagesOf, replyFor } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { log } from "~/log.server";
import { useRevalidateOn, useRoom } from "~/realtime/hooks";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? data.question.title : "Question") },
  { name: "description", content: data ? data.question.body.slice(0, 160) : "" },
];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, request, context }) => {
    const actor = context.auth.actor;
    const data = await questionPage(actor, params.id ?? "", { sort: new URL(request.url).searchParams.get("sort") || undefined });
    const viewer = actor ? `u:${actor.id}` : anonymousViewer(context.ip, request.headers.get("user-agent"));
    // Counting a view must never cost the reader their page.
    recordView(data.question.id, viewer).catch((err) => log.warn("view count failed", err));
    return json({ ...data, watching: await isWatching(actor, "question", data.question.id) });
  });
}

const answerId = { answerId: text() };
const schema = z.discriminatedUnion("intent", [
  intent("answer", { body: text() }),
  intent("vote", { target: text(), id: text(), value: text() }),
  intent("accept", answerId),
  intent("unaccept", answerId),
  intent("delete-answer", answerId),
  intent("close-duplicate", { of: text() }),
  intent("reopen"),
  intent("escalate", { reason: optionalText() }),
  intent("claim"),
  intent("assign", { username: text() }),
  intent("status", { status: text() }),
  intent("private"),
  intent("note", { body: text(), clientKey: optionalText() }),
  intent("message", { body: text(), clientKey: optionalText() }),
  intent("saved-reply", { replyId: text(), extra: optionalText(), clientKey: optionalText() }),
  intent("delete-question"),
  intent("flag", { target: text(), id: text(), reason: text(), note: optionalText() }),
]);

const questionOf = (args: { params: { id?: string } }) => args.params.id ?? "";

const handlers = {
  async answer({ value, args }) {
    const answer = await postAnswer(signedIn(args), questionOf(args), { body: value.body });
    return redirect(`/q/${questionOf(args)}#answer-${answer.id}`);
  },
  // VoteControls reads the new score from this answer.
  vote: async ({ value: { target, id, value }, args, done }) => done(await castVote(signedIn(args), { target, id, value })),
  accept: async ({ value, args, done }) => {
    await setAccepted(signedIn(args), value.answerId, true);
    return done();
  },
  unaccept: async ({ value, args, done }) => {
    await setAccepted(signedIn(args), value.answerId, false);
    return done();
  },
  "delete-answer": async ({ value, args, done }) => {
    await deleteAnswer(signedIn(args), value.answerId);
    return done();
  },
  "close-duplicate": async ({ value, args, done }) => {
    await closeAsDuplicate(signedIn(args), questionOf(args), { of: value.of });
    return done();
  },
  reopen: async ({ args, done }) => {
    await reopen(signedIn(args), questionOf(args));
    return done();
  },
  escalate: async ({ value, args, done }) => {
    await escalate(signedIn(args), questionOf(args), { reason: value.reason });
    return done();
  },
  claim: async ({ args, done }) => {
    await claim(signedIn(args), questionOf(args));
    return done();
  },
  assign: async ({ value, args, done }) => {
    await assign(signedIn(args), questionOf(args), { username: value.username });
    return done();
  },
  status: async ({ value, args, done }) => {
    await setStatus(signedIn(args), questionOf(args), { status: value.status });
    return done();
  },
  private: async ({ args, done }) => {
    await moveToPrivate(signedIn(args), questionOf(args));
    return done();
  },
  note: async ({ value, args, done }) => {
    await addNote(signedIn(args), questionOf(args), { body: value.body, clientKey: value.clientKey });
    return done();
  },
  message: async ({ value, args, done }) => {
    await postPrivateMessage(signedIn(args), questionOf(args), { body: value.body, clientKey: value.clientKey });
    return done();
  },
  async "saved-reply"({ value, args }) {
    const answer = await useSavedReply(signedIn(args), questionOf(args), { replyId: value.replyId, extra: value.extra, clientKey: value.clientKey });
    return redirect(`/q/${questionOf(args)}#answer-${answer.id}`);
  },
  flag: async ({ value, args, done }) => {
    await flagPost(signedIn(args), { target: value.target, id: value.id, reason: value.reason, note: value.note });
    return done();
  },
  async "delete-question"({ args }) {
    await deleteQuestion(signedIn(args), questionOf(args));
    return redirect("/questions");
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A refused vote, claim or close is about that one thing: say why above the thread and keep the page.
  return formAction(args, schema, handlers, { keepOnPage: [403] });
}

export default function QuestionPage() {
  const data = useLoaderData<typeof loader>();
  const { question, answers, votes, can } = data;
  const actionData = useActionData<typeof action>();
  useRoom(`question:${question.id}`);
  useRevalidateOn(["answer:created", "question:updated", "question:solved", "vote:changed", "private:message", "queue:changed"], (p) => p.questionId === question.id);
  // Staff also hear the staff room (notes, claims); the asker hears private replies in their own room.
  useRoom(can.workCases ? "staff:queue" : null);
  const answerReply = replyFor(actionData, "answer");
  // The answer form shows its own errors; any other form's refusal is said once, above the thread.
  const refused = answerReply ? [] : messagesOf(actionData);
  return (
    <article className="mx-auto max-w-4xl space-y-6">
      <QuestionNotices question={question} movedPrivate={Boolean(data.support?.isPrivate && !can.workCases && !data.isAsker)} messages={refused}>
        <SolvedMyProblem questionId={question.id} />
      </QuestionNotices>

      <QuestionPost question={question} votes={votes} ignored={data.ignored.includes(question.author.username)} />
      {votes.signedIn ? (
        <div className="flex items-center justify-end gap-3 text-sm text-slate-600">
          <span>{data.watching ? "You get a notification for each new answer." : "Follow to hear of new answers."}</span>
          <FollowButton type="question" id={question.id} watching={data.watching} back={`/q/${question.id}`} />
        </div>
      ) : null}
      {/* The staff side and the asker's "I need staff" come after the question they are about. */}
      {can.workCases && "notes" in data ? (
        <StaffPanel
          support={data.support?.view === "staff" ? data.support : null}
          notes={data.notes ?? []}
          staff={data.staff}
          savedReplies={data.savedReplies}
          customer={question.author.username}
        />
      ) : null}
      {data.support?.view === "asker" ? <AskerSupport support={data.support} /> : null}
      <AnswerList answers={answers} canAccept={question.can.accept} votes={votes} sort={data.sort} ignored={data.ignored} />

      {can.readPrivateThread ? <PrivateThread messages={data.messages} /> : null}
      {!can.workCases && data.savedReplies.length && question.can.answer ? (
        <section className="card p-5">
          <SavedReplyForm savedReplies={data.savedReplies} />
        </section>
      ) : null}
      {question.can.answer ? (
        <AnswerForm questionId={question.id} reply={answerReply} />
      ) : !votes.signedIn ? (
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
      {question.can.close ? <DuplicateModeration closed={Boolean(question.duplicateOf)} /> : null}
      <RelatedQuestions id={question.id} title={question.title} body={question.body} category={question.category.slug} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
