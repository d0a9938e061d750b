/**
 * A town hall page's live state: the loader's snapshot, then socket notices on
 * top. Pure, so the rules are tested without a browser:
 *
 * - a question notice carries changes (upserts and removals, in order), then
 *   the vote counts that moved;
 * - counts from several nodes can arrive out of order: each question's count
 *   carries a version, and only a higher one replaces what is shown;
 * - after a (re)connection the page reads a fresh snapshot and replaces its
 *   state; notices that arrived meanwhile are applied on top when they were
 *   sent after the snapshot (vote counts always: their versions decide).
 */
import type { listChat, TownhallQuestionView } from "~/domain/townhalls/questions.server";
import type { presentTownhall } from "~/domain/townhalls/townhalls.server";
import type { ServerToClientEvents, TownhallQuestionEvent, VoteCount } from "~/realtime/events";

export type LiveQuestion = TownhallQuestionView;
export type LiveTownhallInfo = ReturnType<typeof presentTownhall>;
/** `removed`: moderators hid it (a notice, never a listed message). */
export type LiveChatMessage = Awaited<ReturnType<typeof listChat>>[number] & { removed?: boolean };
type StatePayload = Parameters<ServerToClientEvents["townhall:state"]>[0];

export interface LiveSnapshot {
  townhall: LiveTownhallInfo;
  questions: LiveQuestion[];
  chat: LiveChatMessage[];
}

export interface LiveState extends LiveSnapshot {
  /** The version of each question's vote count on screen (also for questions not, or no longer, listed). */
  versions: Record<string, number>;
}

export type LiveNotice =
  | { type: "state"; payload: StatePayload }
  | { type: "question"; payload: TownhallQuestionEvent }
  | { type: "chat"; message: LiveChatMessage };

/** A notice that arrived while a snapshot was being read, and when it was sent (or received, if it does not say). */
export interface WaitingNotice {
  at: number;
  notice: LiveNotice;
}

/** The chat keeps its last hundred messages. */
const CHAT_KEPT = 100;

const versionsOf = (questions: LiveQuestion[]) => Object.fromEntries(questions.map((q) => [q.id, q.votesVersion]));

export function fromSnapshot(snapshot: LiveSnapshot): LiveState {
  return { townhall: snapshot.townhall, questions: snapshot.questions, chat: snapshot.chat, versions: versionsOf(snapshot.questions) };
}

/** Records `version` for the question if it is newer than the one on screen; says whether it was. */
function takeIfNewer(versions: Record<string, number>, questionId: string, version: number) {
  if ((versions[questionId] ?? -1) >= version) return false;
  versions[questionId] = version;
  return true;
}

function applyChanges(state: LiveState, changes: TownhallQuestionEvent["changes"]): LiveState {
  if (!changes.length) return state;
  const versions = { ...state.versions };
  let questions = state.questions;
  for (const change of changes) {
    if (change.type === "removed") {
      questions = questions.filter((q) => q.id !== change.questionId);
      continue;
    }
    // Notices carry questions as plain records; the server sends them in the list's own shape.
    const incoming = change.question as unknown as LiveQuestion;
    // A question's own notice may carry an older count than one already shown: keep the newer.
    const keepVotes = !takeIfNewer(versions, incoming.id, incoming.votesVersion);
    questions = questions.some((q) => q.id === incoming.id)
      ? questions.map((q) => (q.id === incoming.id ? { ...q, ...incoming, votes: keepVotes ? q.votes : incoming.votes, myVote: q.myVote } : q))
      : [...questions, incoming];
  }
  return { ...state, questions, versions };
}

function applyCounts(state: LiveState, counts: VoteCount[]): LiveState {
  const versions = { ...state.versions };
  const fresh = new Map(counts.filter((c) => takeIfNewer(versions, c.questionId, c.version)).map((c) => [c.questionId, c.votes]));
  if (!fresh.size) return state;
  return { ...state, versions, questions: state.questions.map((q) => (fresh.has(q.id) ? { ...q, votes: fresh.get(q.id) ?? q.votes } : q)) };
}

export function applyNotice(state: LiveState, notice: LiveNotice): LiveState {
  switch (notice.type) {
    case "state": {
      const { state: phase, answeringQuestionId, chatEnabled } = notice.payload;
      return { ...state, townhall: { ...state.townhall, state: phase as LiveTownhallInfo["state"], answeringQuestionId, chatEnabled } };
    }
    case "question":
      return applyCounts(applyChanges(state, notice.payload.changes), notice.payload.counts);
    case "chat": {
      const m = notice.message;
      // A message moderators hid leaves every attendee's chat.
      if (m.removed) return { ...state, chat: state.chat.filter((x) => x.id !== m.id) };
      if (state.chat.some((x) => x.id === m.id)) return state;
      return { ...state, chat: [...state.chat.slice(-(CHAT_KEPT - 1)), m] };
    }
  }
}

/** Replaces the state by a fresh snapshot, then applies what arrived while it was read and was sent after it. */
export function resync(state: LiveState, fresh: LiveSnapshot & { snapshotAt: number }, waiting: WaitingNotice[]): LiveState {
  let next: LiveState = { ...fromSnapshot(fresh), townhall: { ...state.townhall, ...fresh.townhall } };
  for (const { at, notice } of waiting) {
    const after = at > fresh.snapshotAt;
    if (notice.type === "question") {
      if (after) next = applyChanges(next, notice.payload.changes);
      next = applyCounts(next, notice.payload.counts);
    } else if (after) next = applyNotice(next, notice);
  }
  return next;
}

export type LiveAction =
  | { type: "reset"; snapshot: LiveSnapshot }
  | { type: "notice"; notice: LiveNotice }
  | { type: "resync"; fresh: LiveSnapshot & { snapshotAt: number }; waiting: WaitingNotice[] };

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "reset":
      return fromSnapshot(action.snapshot);
    case "notice":
      return applyNotice(state, action.notice);
    case "resync":
      return resync(state, action.fresh, action.waiting);
  }
}

/** Top (most votes, then oldest) or newest first; the question being answered leads either way. */
export function sortQuestions(questions: LiveQuestion[], sort: "votes" | "newest", answeringQuestionId: string | null) {
  const list = [...questions].sort((a, b) =>
    sort === "votes" ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt),
  );
  return list.sort((a, b) => Number(b.id === answeringQuestionId) - Number(a.id === answeringQuestionId));
}

/** Questions everyone can see: the ones a duplicate may be merged into, and the ones the count shows. */
export function isPublicQuestion(q: Pick<LiveQuestion, "status">) {
  return q.status === "approved" || q.status === "answering" || q.status === "answered";
}
