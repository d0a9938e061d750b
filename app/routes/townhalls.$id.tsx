import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { RoleBadge } from "~/components/RoleBadge";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { isDomainError, ValidationError } from "~/domain/errors";
import {
  askTownhallQuestion,
  convertToForumQuestion,
  flagTownhallQuestion,
  listChat,
  listTownhallQuestions,
  moderateTownhallQuestion,
  postChat,
  voteTownhallQuestion,
  type TownhallQuestionView,
} from "~/domain/townhalls/questions.server";
import { endTownhall, rsvp, setChat, startTownhall, townhallDetails } from "~/domain/townhalls/townhalls.server";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";
import { useSocket } from "~/realtime/client";
import { useRoom } from "~/realtime/hooks";
import type { TownhallQuestionEvent } from "~/realtime/events";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.townhall.title ?? "Town hall"} · Town halls · Nimbus Community` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const actor = context.auth.actor;
  const id = params.id ?? "";
  const sort = new URL(request.url).searchParams.get("sort") === "newest" ? "newest" : "votes";
  try {
    const [{ townhall, canRun }, questions, chat] = await Promise.all([
      townhallDetails(actor, id),
      listTownhallQuestions(actor, id, sort),
      listChat(id),
    ]);
    const categories =
      canRun && townhall.state === "ended" ? (await listVisibleCategories(null)).map((c) => ({ slug: c.slug, name: c.name })) : [];
    return json({ townhall, canRun, questions, chat, sort, signedIn: Boolean(actor), me: actor?.username ?? null, categories });
  } catch (err) {
    throwAsResponse(err);
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const qid = String(form.get("questionId") ?? "");
  try {
    switch (intent) {
      case "ask":
        await askTownhallQuestion(actor, id, { body: form.get("body") ?? "" });
        break;
      case "vote":
        await voteTownhallQuestion(actor, id, qid, { value: form.get("value") });
        break;
      case "moderate":
        await moderateTownhallQuestion(actor, id, qid, {
          action: form.get("action"),
          answer: form.get("answer") || undefined,
          into: form.get("into") || undefined,
        });
        break;
      case "flag":
        await flagTownhallQuestion(actor, id, qid);
        break;
      case "start":
        await startTownhall(actor, id);
        break;
      case "end":
        await endTownhall(actor, id);
        break;
      case "attend":
        await rsvp(actor, id, form.get("attending") === "true");
        break;
      case "chat":
        await postChat(actor, id, { body: form.get("body") ?? "" });
        break;
      case "chat-toggle":
        await setChat(actor, id, form.get("enabled") === "true");
        break;
      case "convert": {
        const created = await convertToForumQuestion(actor, id, qid, { category: form.get("category") });
        return redirect(created.url);
      }
      default:
        return json({ intent, error: "Unknown action." }, { status: 400 });
    }
    return json({ intent, ok: true as const, error: null });
  } catch (err) {
    if (err instanceof ValidationError)
      return json({ intent, ok: false as const, error: Object.values(err.fields).flat()[0] ?? err.message }, { status: 400 });
    if (isDomainError(err) && err.status !== 401) return json({ intent, ok: false as const, error: err.message }, { status: err.status });
    throwAsResponse(err);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Question = Data["questions"][number];
type ChatMessage = Data["chat"][number];

/**
 * Live state: the loader's snapshot, then socket events on top. After a
 * reconnect the page fetches a fresh snapshot and replaces its state, so a
 * dropped connection neither misses nor repeats anything.
 */
function useLiveTownhall(data: Data) {
  const socket = useSocket();
  const [townhall, setTownhall] = useState(data.townhall);
  const [questions, setQuestions] = useState<Question[]>(data.questions);
  const [chat, setChat] = useState<ChatMessage[]>(data.chat);
  const [present, setPresent] = useState<number | null>(null);
  // The version of each question's count on screen: counts from several nodes can arrive out of order.
  const votesVersion = useRef(new Map<string, number>());
  useEffect(() => {
    setTownhall(data.townhall);
    setQuestions(data.questions);
    setChat(data.chat);
    votesVersion.current = new Map(data.questions.map((q) => [q.id, q.votesVersion]));
  }, [data]);
  useRoom(`townhall:${data.townhall.id}`);
  useRoom(data.canRun ? "staff:queue" : null);
  const id = data.townhall.id;
  useEffect(() => {
    if (!socket) return;
    // While a resync is in flight, events wait here; afterwards those sent after the snapshot are applied
    // (vote counts whatever their time: their versions already say which is newer).
    let buffer: { at: number; apply: () => void }[] | null = null;
    const deliver = (at: number | undefined, apply: () => void) => {
      if (buffer) buffer.push({ at: at ?? Date.now(), apply });
      else apply();
    };
    const newer = (questionId: string, version: number) => {
      if ((votesVersion.current.get(questionId) ?? -1) >= version) return false;
      votesVersion.current.set(questionId, version);
      return true;
    };
    const resync = async () => {
      buffer = [];
      try {
        const res = await fetch(`/api/v1/townhalls/${id}?sort=${data.sort}`, { headers: { Accept: "application/json" } });
        if (!res.ok) return;
        const fresh = (await res.json()) as { townhall: Data["townhall"]; questions: Question[]; chat: ChatMessage[]; snapshotAt: number };
        setTownhall((t) => ({ ...t, ...fresh.townhall }));
        setQuestions(fresh.questions);
        setChat(fresh.chat);
        votesVersion.current = new Map(fresh.questions.map((q) => [q.id, q.votesVersion]));
        for (const e of buffer) if (e.at > fresh.snapshotAt) e.apply();
      } finally {
        buffer = null;
      }
    };
    // Every (re)connection resyncs once it has joined the room, closing the gap since the page or the last snapshot was read.
    const onConnect = () => void resync();
    const onState = (p: { townhallId: string; state: string; answeringQuestionId: string | null; chatEnabled: boolean; at?: number }) => {
      if (p.townhallId !== id) return;
      deliver(p.at, () => setTownhall((t) => ({ ...t, state: p.state as typeof t.state, answeringQuestionId: p.answeringQuestionId, chatEnabled: p.chatEnabled })));
    };
    const applyChanges = (changes: TownhallQuestionEvent["changes"]) => {
      if (!changes.length) return;
      // Decided once, outside the state update: a question's own notice may carry an older count than one shown.
      const steps = changes.map((c) =>
        c.type === "removed" ? { removed: c.questionId } : { incoming: c.question as unknown as Question, keepVotes: !newer(c.question.id, (c.question as unknown as Question).votesVersion) },
      );
      setQuestions((qs) => {
        let list = qs;
        for (const step of steps) {
          if ("removed" in step) {
            list = list.filter((q) => q.id !== step.removed);
            continue;
          }
          const { incoming, keepVotes } = step;
          list = list.some((q) => q.id === incoming.id)
            ? list.map((q) => (q.id === incoming.id ? { ...q, ...incoming, votes: keepVotes ? q.votes : incoming.votes, myVote: q.myVote } : q))
            : [...list, incoming];
        }
        return list;
      });
    };
    const applyCounts = (counts: TownhallQuestionEvent["counts"]) => {
      const fresh = new Map(counts.filter((c) => newer(c.questionId, c.version)).map((c) => [c.questionId, c.votes]));
      if (fresh.size) setQuestions((qs) => qs.map((q) => (fresh.has(q.id) ? { ...q, votes: fresh.get(q.id) ?? q.votes } : q)));
    };
    const onQuestion = (p: TownhallQuestionEvent) => {
      if (p.townhallId !== id) return;
      deliver(p.at, () => applyChanges(p.changes));
      deliver(Infinity, () => applyCounts(p.counts));
    };
    const onChat = (p: { townhallId: string; message: Record<string, unknown> }) => {
      if (p.townhallId !== id) return;
      const m = p.message as unknown as ChatMessage;
      setChat((c) => (c.some((x) => x.id === m.id) ? c : [...c.slice(-99), m]));
    };
    const onPresence = (p: { townhallId: string; count: number }) => p.townhallId === id && setPresent(p.count);
    socket.on("connect", onConnect);
    if (socket.connected) void resync();
    socket.on("townhall:state", onState);
    socket.on("townhall:question", onQuestion);
    socket.on("townhall:chat", onChat);
    socket.on("townhall:presence", onPresence);
    return () => {
      socket.off("connect", onConnect);
      socket.off("townhall:state", onState);
      socket.off("townhall:question", onQuestion);
      socket.off("townhall:chat", onChat);
      socket.off("townhall:presence", onPresence);
    };
  }, [socket, id, data.sort]);
  return { townhall, questions, chat, present };
}

function Stream({ stream }: { stream: Data["townhall"]["stream"] }) {
  if (!stream) return null;
  if (stream.kind === "hls") {
    return <video src={stream.src} controls className="aspect-video w-full rounded-xl bg-black" data-testid="stream" />;
  }
  return (
    <iframe
      src={stream.src}
      title="Live stream"
      className="aspect-video w-full rounded-xl bg-black"
      allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
      sandbox="allow-scripts allow-same-origin allow-presentation"
      referrerPolicy="strict-origin-when-cross-origin"
      data-testid="stream"
    />
  );
}

const statusLabel: Record<string, string> = {
  pending: "Waiting for approval",
  hidden: "Hidden",
  answering: "Answering now",
  answered: "Answered",
};

function QuestionCard({
  q,
  canRun,
  signedIn,
  me,
  live,
  onAir,
  others,
}: {
  q: Question;
  canRun: boolean;
  signedIn: boolean;
  me: string | null;
  live: boolean;
  onAir: boolean;
  others: Question[];
}) {
  const fetcher = useFetcher<typeof action>();
  const mine = me === q.author.username;
  const open = live;
  return (
    <li
      id={`q-${q.id}`}
      data-testid="townhall-question"
      data-status={q.status}
      className={`card p-4 ${
        q.status === "answering" ? "border-2 border-rose-400 bg-rose-50/40" : q.status === "pending" ? "border-dashed" : ""
      }`}
    >
      <div className="flex gap-3">
        <fetcher.Form method="post" className="flex flex-col items-center">
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="value" value={q.myVote ? "0" : "1"} />
          <button
            type="submit"
            disabled={!signedIn || mine || q.status === "pending" || q.status === "hidden" || !open}
            aria-pressed={q.myVote}
            aria-label={q.myVote ? "Take back your upvote" : "Upvote this question"}
            className={`flex h-9 w-9 items-center justify-center rounded-full border text-sm disabled:opacity-40 ${
              q.myVote ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-600 hover:border-brand-400"
            }`}
          >
            ▲
          </button>
          <span className="mt-0.5 text-sm font-semibold text-slate-800" data-testid="townhall-votes">
            {q.votes}
          </span>
        </fetcher.Form>
        <div className="min-w-0 flex-1">
          {q.status !== "approved" ? (
            <span
              className={`mb-1 inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${
                q.status === "answering"
                  ? "bg-rose-600 text-white"
                  : q.status === "answered"
                  ? "bg-emerald-100 text-emerald-800"
                  : "bg-slate-100 text-slate-700"
              }`}
              data-testid="townhall-status"
            >
              {statusLabel[q.status]}
            </span>
          ) : null}
          <p className="whitespace-pre-wrap text-slate-900">{q.body}</p>
          <div className="mt-1 flex items-center gap-1.5 text-xs text-slate-500">
            <Avatar username={q.author.username} size="sm" /> {q.author.username}
            <RoleBadge role={q.author.role as "customer"} /> · <RelativeTime iso={q.createdAt} />
            {q.forumQuestionUrl ? (
              <>
                {" "}
                ·{" "}
                <Link to={q.forumQuestionUrl} className="text-brand-700 hover:underline">
                  continued in the forum
                </Link>
              </>
            ) : null}
          </div>
          {q.answerHtml ? (
            <div className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm" data-testid="townhall-answer">
              <div className="mb-1 text-xs font-semibold uppercase tracking-wide text-emerald-800">Answer from the Nimbus team</div>
              <div className="prose-forum" dangerouslySetInnerHTML={{ __html: q.answerHtml }} />
            </div>
          ) : null}
          {fetcher.data && "error" in fetcher.data && fetcher.data.error ? (
            <p className="mt-2 text-xs text-rose-700">{fetcher.data.error}</p>
          ) : null}
          {canRun && q.status !== "answered" && live ? <Moderation q={q} others={others} onAir={onAir} /> : null}
          {!canRun && signedIn && !mine && q.status === "approved" && open ? (
            <fetcher.Form method="post" className="mt-1">
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="questionId" value={q.id} />
              <button type="submit" className="text-xs text-slate-400 hover:text-rose-700">
                Flag
              </button>
            </fetcher.Form>
          ) : null}
        </div>
      </div>
    </li>
  );
}

function Moderation({ q, others, onAir }: { q: Question; others: Question[]; onAir: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const button = (action: string, label: string, tone = "btn-secondary") => (
    <button type="submit" name="action" value={action} className={`${tone} px-2.5 py-1 text-xs`}>
      {label}
    </button>
  );
  return (
    <div className="mt-3 space-y-2 rounded-lg bg-slate-50 p-2" data-testid="moderation">
      <fetcher.Form method="post" className="flex flex-wrap gap-1.5">
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="questionId" value={q.id} />
        {q.status === "pending" || q.status === "hidden" ? button("approve", "Approve", "btn-primary") : null}
        {onAir && q.status !== "answering" && q.status !== "pending" ? button("answering", "Answering now") : null}
        {q.status !== "hidden" ? button("hide", "Hide", "btn-ghost") : null}
      </fetcher.Form>
      <fetcher.Form method="post" className="flex flex-col gap-1.5 sm:flex-row">
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="questionId" value={q.id} />
        <input type="hidden" name="action" value="answered" />
        <label className="sr-only" htmlFor={`answer-${q.id}`}>
          Written answer
        </label>
        <input id={`answer-${q.id}`} name="answer" className="input py-1 text-sm" placeholder="Written answer, kept for the archive" />
        <button type="submit" className="btn-primary px-2.5 py-1 text-xs">
          Mark answered
        </button>
      </fetcher.Form>
      {others.length ? (
        <fetcher.Form method="post" className="flex gap-1.5">
          <input type="hidden" name="intent" value="moderate" />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="action" value="merge" />
          <label className="sr-only" htmlFor={`merge-${q.id}`}>
            Duplicate of
          </label>
          <select id={`merge-${q.id}`} name="into" className="input py-1 text-xs" defaultValue="">
            <option value="" disabled>
              Duplicate of…
            </option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.body.slice(0, 60)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn-ghost px-2.5 py-1 text-xs">
            Merge
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}

export default function TownhallPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { townhall, questions, chat, present } = useLiveTownhall(data);
  const [sort, setSort] = useState<"votes" | "newest">(data.sort === "newest" ? "newest" : "votes");
  const ask = useFetcher<typeof action>();
  const chatFetcher = useFetcher<typeof action>();
  const askForm = useRef<HTMLFormElement>(null);
  const chatForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (ask.state === "idle" && ask.data && "ok" in ask.data && ask.data.ok) askForm.current?.reset();
  }, [ask.state, ask.data]);
  useEffect(() => {
    if (chatFetcher.state === "idle" && chatFetcher.data && "ok" in chatFetcher.data && chatFetcher.data.ok) chatForm.current?.reset();
  }, [chatFetcher.state, chatFetcher.data]);
  const live = townhall.state === "live";
  const sorted = useMemo(() => {
    const list = [...questions];
    list.sort((a, b) =>
      sort === "votes" ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)
    );
    // The question being answered leads.
    return list.sort((a, b) => Number(b.id === townhall.answeringQuestionId) - Number(a.id === townhall.answeringQuestionId));
  }, [questions, sort, townhall.answeringQuestionId]);
  const visibleForMerge = questions.filter((q) => q.status === "approved" || q.status === "answering" || q.status === "answered");
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link to="/townhalls" className="text-sm text-brand-700 hover:underline">
          ← Town halls
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <span
            data-testid="townhall-state"
            className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ${
              live ? "bg-rose-600 text-white" : townhall.state === "ended" ? "bg-slate-200 text-slate-700" : "bg-brand-100 text-brand-800"
            }`}
          >
            {live ? "Live" : townhall.state === "ended" ? "Ended" : "Scheduled"}
          </span>
          {present !== null && live ? (
            <span className="text-xs text-slate-500" data-testid="townhall-present">
              {present} here now
            </span>
          ) : null}
        </div>
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{townhall.title}</h1>
        <p className="text-sm text-slate-600">
          {new Date(townhall.startsAt).toLocaleString("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" })} UTC ·{" "}
          {townhall.durationMinutes} min · hosted by {townhall.host?.username}
          {townhall.cohosts.length ? ` with ${townhall.cohosts.map((c) => c.username).join(", ")}` : ""} ·{" "}
          <a href={townhall.icsUrl} className="text-brand-700 hover:underline">
            Add to calendar
          </a>
        </p>
        <div className="prose-forum text-slate-700" dangerouslySetInnerHTML={{ __html: townhall.descriptionHtml }} />
        {error ? (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {data.canRun && townhall.state === "scheduled" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <button type="submit" className="btn-primary">
                Go live
              </button>
            </Form>
          ) : null}
          {data.canRun && live ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="end" />
                <button type="submit" className="btn-danger">
                  End the town hall
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="chat-toggle" />
                <input type="hidden" name="enabled" value={townhall.chatEnabled ? "false" : "true"} />
                <button type="submit" className="btn-secondary">
                  {townhall.chatEnabled ? "Turn chat off" : "Turn chat on"}
                </button>
              </Form>
            </>
          ) : null}
          {data.signedIn && townhall.state === "scheduled" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="attend" />
              <input type="hidden" name="attending" value={townhall.attending ? "false" : "true"} />
              <button type="submit" className="btn-secondary">
                {townhall.attending ? "You're attending · cancel" : "I will attend"}
              </button>
            </Form>
          ) : null}
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {live ? <Stream stream={townhall.stream} /> : null}
          {townhall.state !== "ended" ? (
            data.signedIn ? (
              <ask.Form method="post" ref={askForm} className="card space-y-2 p-4">
                <input type="hidden" name="intent" value="ask" />
                <label htmlFor="townhall-ask" className="block text-sm font-medium text-slate-700">
                  {live ? "Ask the team" : "Ask ahead of time"}
                </label>
                <textarea id="townhall-ask" name="body" rows={2} className="input" maxLength={500} required />
                {ask.data && "error" in ask.data && ask.data.error ? <p className="text-xs text-rose-700">{ask.data.error}</p> : null}
                <div className="flex items-center justify-between gap-2">
                  <span className="text-xs text-slate-500">
                    {townhall.moderated ? "A host approves questions before everyone sees them." : "Your question appears at once."}
                  </span>
                  <button type="submit" className="btn-primary px-3 py-1.5 text-sm" disabled={ask.state !== "idle"}>
                    Ask
                  </button>
                </div>
              </ask.Form>
            ) : (
              <div className="card p-4 text-sm text-slate-600">
                <Link to={`/login?redirectTo=/townhalls/${townhall.id}`} className="link">
                  Log in
                </Link>{" "}
                to ask and vote.
              </div>
            )
          ) : (
            <div className="card p-4 text-sm text-slate-600">This town hall has ended. Its answers stay here and in search.</div>
          )}
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold text-slate-900">
              Questions ({sorted.filter((q) => q.status !== "pending" && q.status !== "hidden").length})
            </h2>
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
                  canRun={data.canRun}
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
          {data.canRun && townhall.state === "ended" && data.categories.length ? (
            <section className="card space-y-2 p-4" aria-label="Unanswered questions">
              <h3 className="text-sm font-semibold text-slate-800">Move unanswered questions to the forum</h3>
              {questions
                .filter((q) => q.status === "approved" && !q.forumQuestionUrl)
                .map((q) => (
                  <Form key={q.id} method="post" className="flex flex-wrap items-center gap-2 text-sm">
                    <input type="hidden" name="intent" value="convert" />
                    <input type="hidden" name="questionId" value={q.id} />
                    <span className="min-w-0 flex-1 truncate">{q.body}</span>
                    <select name="category" className="input w-auto py-1 text-xs" aria-label="Category">
                      {data.categories.map((c) => (
                        <option key={c.slug} value={c.slug}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="btn-secondary px-2.5 py-1 text-xs">
                      Post in the forum
                    </button>
                  </Form>
                ))}
            </section>
          ) : null}
        </div>
        {townhall.state === "ended" ? null : (
          <aside className="space-y-3" aria-label="Chat">
            <h2 className="text-lg font-semibold text-slate-900">Chat</h2>
            {live && (townhall.chatEnabled || data.canRun) ? (
              <div className="card flex h-96 flex-col p-3">
                <ul className="flex-1 space-y-2 overflow-y-auto text-sm" data-testid="townhall-chat" aria-live="polite">
                  {chat.map((m) => (
                    <li key={m.id}>
                      <span className="font-medium text-slate-800">{m.author.username}</span>{" "}
                      <span className="text-slate-700">{m.body}</span>
                    </li>
                  ))}
                </ul>
                {data.signedIn ? (
                  <chatFetcher.Form method="post" ref={chatForm} className="mt-2 flex gap-2">
                    <input type="hidden" name="intent" value="chat" />
                    <label htmlFor="chat-body" className="sr-only">
                      Message
                    </label>
                    <input id="chat-body" name="body" className="input py-1.5 text-sm" maxLength={500} required />
                    <button type="submit" className="btn-secondary px-3 py-1.5 text-sm">
                      Send
                    </button>
                  </chatFetcher.Form>
                ) : null}
                {chatFetcher.data && "error" in chatFetcher.data && chatFetcher.data.error ? (
                  <p className="text-xs text-rose-700">{chatFetcher.data.error}</p>
                ) : null}
              </div>
            ) : (
              <p className="card p-4 text-sm text-slate-500">
                {live ? "The hosts have turned the chat off." : "The chat opens when the town hall goes live."}
              </p>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
