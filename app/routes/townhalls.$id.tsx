import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AskForm } from "~/components/townhalls/AskForm";
import { ChatPanel } from "~/components/townhalls/ChatPanel";
import { ConvertQuestions } from "~/components/townhalls/ConvertQuestions";
import { isPublicQuestion, sortQuestions } from "~/components/townhalls/live-state";
import { QuestionCard } from "~/components/townhalls/QuestionCard";
import { Stream } from "~/components/townhalls/Stream";
import { TownhallHeader } from "~/components/townhalls/TownhallHeader";
import { useLiveTownhall } from "~/components/townhalls/useLiveTownhall";
import {
  askTownhallQuestion,
  convertToForumQuestion,
  flagTownhallQuestion,
  moderateTownhallQuestion,
  postChat,
  voteTownhallQuestion,
} from "~/domain/townhalls/questions.server";
import { townhallPage } from "~/domain/townhalls/townhall-page.server";
import { endTownhall, rsvp, setChat, startTownhall } from "~/domain/townhalls/townhalls.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { messagesOf } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { flagPost } from "~/domain/moderation/flags.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, data?.townhall.title ?? "Town hall", "Town halls") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ params, request, context }) => {
    const sort: "votes" | "newest" = new URL(request.url).searchParams.get("sort") === "newest" ? "newest" : "votes";
    return json({ ...(await townhallPage(context.auth.actor, params.id ?? "", sort)), sort });
  });
}

const question = { questionId: text() };
const schema = z.discriminatedUnion("intent", [
  intent("ask", { body: text() }),
  intent("vote", { ...question, value: text() }),
  intent("moderate", { ...question, action: text(), answer: optionalText(), into: optionalText() }),
  intent("flag", question),
  intent("flag-chat", { messageId: text() }),
  intent("start"),
  intent("end"),
  intent("attend", { attending: text() }),
  intent("chat", { body: text() }),
  intent("chat-toggle", { enabled: text() }),
  intent("convert", { ...question, category: text() }),
]);

const townhallOf = (args: { params: { id?: string } }) => args.params.id ?? "";

const handlers = {
  ask: async ({ value, args, done }) => {
    await askTownhallQuestion(signedIn(args), townhallOf(args), { body: value.body });
    return done();
  },
  vote: async ({ value, args, done }) => {
    await voteTownhallQuestion(signedIn(args), townhallOf(args), value.questionId, { value: value.value });
    return done();
  },
  moderate: async ({ value: { questionId, action, answer, into }, args, done }) => {
    await moderateTownhallQuestion(signedIn(args), townhallOf(args), questionId, { action, answer, into });
    return done();
  },
  flag: async ({ value, args, done }) => {
    await flagTownhallQuestion(signedIn(args), townhallOf(args), value.questionId);
    return done();
  },
  "flag-chat": async ({ value, args, done }) => {
    await flagPost(signedIn(args), { target: "chat_message", id: value.messageId, reason: "abusive" });
    return done();
  },
  start: async ({ args, done }) => {
    await startTownhall(signedIn(args), townhallOf(args));
    return done();
  },
  end: async ({ args, done }) => {
    await endTownhall(signedIn(args), townhallOf(args));
    return done();
  },
  attend: async ({ value, args, done }) => {
    await rsvp(signedIn(args), townhallOf(args), value.attending === "true");
    return done();
  },
  chat: async ({ value, args, done }) => {
    await postChat(signedIn(args), townhallOf(args), { body: value.body });
    return done();
  },
  "chat-toggle": async ({ value, args, done }) => {
    await setChat(signedIn(args), townhallOf(args), value.enabled === "true");
    return done();
  },
  async convert({ value, args }) {
    const created = await convertToForumQuestion(signedIn(args), townhallOf(args), value.questionId, { category: value.category });
    return redirect(created.url);
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  // A vote on a question hidden a moment ago, a chat turned off: said beside the question or the box, the page stays.
  return formAction(args, schema, handlers, { keepOnPage: [403, 404] });
}

export default function TownhallPage() {
  const data = useLoaderData<typeof loader>();
  const refused = messagesOf(useActionData<typeof action>());
  const { townhall, questions, chat, present } = useLiveTownhall(data);
  const [sort, setSort] = useState<"votes" | "newest">(data.sort === "newest" ? "newest" : "votes");
  const live = townhall.state === "live";
  const sorted = sortQuestions(questions, sort, townhall.answeringQuestionId);
  const visibleForMerge = questions.filter(isPublicQuestion);
  return (
    <div className="space-y-6">
      <TownhallHeader townhall={townhall} present={present} canRun={data.can.run} signedIn={data.signedIn} refused={refused} />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {live ? <Stream stream={townhall.stream} /> : null}
          {townhall.state === "ended" ? (
            <div className="card p-4 text-sm text-slate-600">This town hall has ended. Its answers stay here and in search.</div>
          ) : data.signedIn ? (
            <AskForm live={live} moderated={townhall.moderated} />
          ) : (
            <div className="card p-4 text-sm text-slate-600">
              <Link to={`/login?redirectTo=/townhalls/${townhall.id}`} className="link">
                Log in
              </Link>{" "}
              to ask and vote.
            </div>
          )}
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold text-slate-900">Questions ({sorted.filter(isPublicQuestion).length})</h2>
            <div className="flex gap-1 text-sm" role="group" aria-label="Sort questions">
              {(["votes", "newest"] as const).map((s) => (
                <Link
                  key={s}
                  to={`?sort=${s}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setSort(s);
                  }}
                  aria-current={sort === s ? "true" : undefined}
                  className={`rounded px-2 py-1 ${sort === s ? "bg-slate-200 font-medium" : "text-slate-600 hover:bg-slate-100"}`}
                >
                  {s === "votes" ? "Top" : "Newest"}
                </Link>
              ))}
            </div>
          </div>
          {sorted.length ? (
            <ul className="space-y-3" data-testid="townhall-questions">
              {sorted.map((q) => (
                <QuestionCard
                  key={q.id}
                  q={q}
                  canRun={data.can.run}
                  signedIn={data.signedIn}
                  me={data.me}
                  live={townhall.state !== "ended"}
                  onAir={live}
                  others={visibleForMerge.filter((o) => o.id !== q.id)}
                />
              ))}
            </ul>
          ) : (
            <div className="card p-6 text-center text-sm text-slate-600">No questions yet. Be the first.</div>
          )}
          {data.can.run && townhall.state === "ended" && data.categories.length ? <ConvertQuestions questions={questions} categories={data.categories} /> : null}
        </div>
        {townhall.state === "ended" ? null : <ChatPanel chat={chat} live={live} open={townhall.chatEnabled || data.can.run} signedIn={data.signedIn} me={data.me} />}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
