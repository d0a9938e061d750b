import { describe, expect, it } from "vitest";
import {
  applyNotice,
  fromSnapshot,
  liveReducer,
  resync,
  sortQuestions,
  type LiveChatMessage,
  type LiveNotice,
  type LiveQuestion,
  type LiveSnapshot,
  type LiveTownhallInfo,
} from "~/components/townhalls/live-state";
import type { TownhallQuestionEvent, VoteCount } from "~/realtime/events";

const T = "th1";

function question(id: string, over: Partial<LiveQuestion> = {}): LiveQuestion {
  return {
    id,
    townhallId: T,
    body: `Question ${id}`,
    author: { username: "ann", role: "customer" },
    votes: 0,
    votesVersion: 0,
    status: "approved",
    answer: null,
    answerHtml: null,
    answeredAt: null,
    createdAt: "2026-01-10T12:00:00.000Z",
    myVote: false,
    forumQuestionUrl: null,
    ...over,
  };
}

const townhall = { id: T, title: "Launch Q&A", state: "live", answeringQuestionId: null, chatEnabled: true } as unknown as LiveTownhallInfo;

function chat(id: string): LiveChatMessage {
  return { id, townhallId: T, body: `hello ${id}`, author: { username: "bo", role: "customer" }, createdAt: "2026-01-10T12:00:00.000Z" };
}

function snapshot(questions: LiveQuestion[], extra: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return { townhall, questions, chat: [], ...extra };
}

function notice(changes: TownhallQuestionEvent["changes"], counts: VoteCount[] = [], at = 1_000): LiveNotice {
  return { type: "question", payload: { townhallId: T, at, changes, counts } };
}

const upsert = (q: LiveQuestion) => ({ type: "upsert" as const, question: q as unknown as Record<string, unknown> & { id: string } });
const removed = (questionId: string) => ({ type: "removed" as const, questionId });
const votesOf = (s: { questions: LiveQuestion[] }) => Object.fromEntries(s.questions.map((q) => [q.id, q.votes]));

describe("a town hall's live state", () => {
  it("adds a new question, updates a known one in place and keeps the reader's own vote", () => {
    const start = fromSnapshot(snapshot([question("a", { myVote: true, votes: 3, votesVersion: 3 })]));
    const next = applyNotice(
      start,
      notice([upsert(question("a", { status: "answering", votes: 4, votesVersion: 4, myVote: false })), upsert(question("b", { votesVersion: 1, votes: 1 }))]),
    );
    expect(next.questions.map((q) => q.id)).toEqual(["a", "b"]);
    expect(next.questions[0]).toMatchObject({ status: "answering", votes: 4, myVote: true });
    expect(next.questions[1]).toMatchObject({ votes: 1 });
    expect(next.versions).toEqual({ a: 4, b: 1 });
    // The state it came from is untouched.
    expect(start.questions[0]).toMatchObject({ status: "approved", votes: 3 });
  });

  it("applies the changes of a notice in order, then its counts", () => {
    const start = fromSnapshot(snapshot([question("a"), question("b")]));
    const next = applyNotice(start, notice([removed("a"), upsert(question("c"))], [{ questionId: "b", votes: 7, version: 2 }]));
    expect(next.questions.map((q) => q.id)).toEqual(["b", "c"]);
    expect(votesOf(next)).toEqual({ b: 7, c: 0 });
  });

  it("removes a question that left (hidden, merged), and a removal of an unknown one changes nothing", () => {
    const start = fromSnapshot(snapshot([question("a"), question("b")]));
    const next = applyNotice(start, notice([removed("a")]));
    expect(next.questions.map((q) => q.id)).toEqual(["b"]);
    expect(applyNotice(next, notice([removed("zz")])).questions.map((q) => q.id)).toEqual(["b"]);
  });

  it("keeps the newest vote count whatever order counts arrive in", () => {
    let s = fromSnapshot(snapshot([question("a", { votes: 2, votesVersion: 2 })]));
    s = applyNotice(s, notice([], [{ questionId: "a", votes: 5, version: 5 }]));
    s = applyNotice(s, notice([], [{ questionId: "a", votes: 3, version: 3 }]));
    expect(votesOf(s)).toEqual({ a: 5 });
    // A question's own notice with an older count does not roll the count back...
    s = applyNotice(s, notice([upsert(question("a", { status: "answered", votes: 4, votesVersion: 4 }))]));
    expect(s.questions[0]).toMatchObject({ status: "answered", votes: 5 });
    // ...and an equal version is not newer either.
    s = applyNotice(s, notice([], [{ questionId: "a", votes: 9, version: 5 }]));
    expect(votesOf(s)).toEqual({ a: 5 });
  });

  it("remembers the version of a count for a question it does not list yet", () => {
    let s = fromSnapshot(snapshot([]));
    s = applyNotice(s, notice([], [{ questionId: "x", votes: 6, version: 6 }]));
    expect(s.questions).toEqual([]);
    s = applyNotice(s, notice([upsert(question("x", { votes: 2, votesVersion: 2 }))]));
    // The question arrives with its own (older) count: a new question is shown as it came.
    expect(votesOf(s)).toEqual({ x: 2 });
    s = applyNotice(s, notice([], [{ questionId: "x", votes: 4, version: 4 }]));
    expect(votesOf(s)).toEqual({ x: 2 });
  });

  it("takes state changes and chat messages, each message once, keeping the last hundred", () => {
    let s = fromSnapshot(snapshot([]));
    s = applyNotice(s, { type: "state", payload: { townhallId: T, state: "ended", answeringQuestionId: null, chatEnabled: false, at: 5 } });
    expect(s.townhall).toMatchObject({ state: "ended", chatEnabled: false, title: "Launch Q&A" });
    for (let i = 0; i < 105; i++) s = applyNotice(s, { type: "chat", message: chat(`m${i}`) });
    s = applyNotice(s, { type: "chat", message: chat("m104") });
    expect(s.chat).toHaveLength(100);
    expect(s.chat[0].id).toBe("m5");
    expect(s.chat.at(-1)?.id).toBe("m104");
  });

  it("resyncs from a snapshot and replays only what was sent after it, counts by their versions", () => {
    const before = fromSnapshot(snapshot([question("a", { votes: 1, votesVersion: 1 }), question("gone")], { chat: [chat("old")] }));
    const fresh = { ...snapshot([question("a", { votes: 3, votesVersion: 3 }), question("b")], { chat: [chat("new")] }), snapshotAt: 2_000 };
    const s = resync(before, fresh, [
      // Sent before the snapshot: the snapshot has it already, so replaying it would roll back.
      { at: 1_500, notice: notice([upsert(question("a", { status: "hidden" }))], [{ questionId: "a", votes: 2, version: 2 }]) },
      { at: 1_600, notice: { type: "state", payload: { townhallId: T, state: "scheduled", answeringQuestionId: null, chatEnabled: true, at: 1_600 } } },
      // Sent after it: applied on top.
      { at: 2_500, notice: notice([upsert(question("c"))], [{ questionId: "b", votes: 8, version: 8 }]) },
      { at: 2_600, notice: { type: "state", payload: { townhallId: T, state: "live", answeringQuestionId: "a", chatEnabled: true, at: 2_600 } } },
    ]);
    expect(s.questions.map((q) => q.id)).toEqual(["a", "b", "c"]);
    expect(s.questions[0]).toMatchObject({ status: "approved", votes: 3 });
    expect(votesOf(s)).toEqual({ a: 3, b: 8, c: 0 });
    expect(s.chat.map((m) => m.id)).toEqual(["new"]);
    expect(s.townhall).toMatchObject({ state: "live", answeringQuestionId: "a" });
  });

  it("applies a newer count that waited during the resync even if its notice was sent before the snapshot", () => {
    const before = fromSnapshot(snapshot([question("a")]));
    const fresh = { ...snapshot([question("a", { votes: 3, votesVersion: 3 })]), snapshotAt: 2_000 };
    const s = resync(before, fresh, [{ at: 1_900, notice: notice([], [{ questionId: "a", votes: 4, version: 4 }]) }]);
    expect(votesOf(s)).toEqual({ a: 4 });
  });

  it("starts again from new page data", () => {
    const s = liveReducer(fromSnapshot(snapshot([question("a", { votesVersion: 9 })])), { type: "reset", snapshot: snapshot([question("b", { votesVersion: 1 })]) });
    expect(s.questions.map((q) => q.id)).toEqual(["b"]);
    expect(s.versions).toEqual({ b: 1 });
  });

  it("sorts by votes (then age) or newest first, with the question being answered on top", () => {
    const qs = [
      question("old", { votes: 2, createdAt: "2026-01-10T12:00:00.000Z" }),
      question("new", { votes: 2, createdAt: "2026-01-10T12:05:00.000Z" }),
      question("top", { votes: 5, createdAt: "2026-01-10T12:01:00.000Z" }),
    ];
    expect(sortQuestions(qs, "votes", null).map((q) => q.id)).toEqual(["top", "old", "new"]);
    expect(sortQuestions(qs, "newest", null).map((q) => q.id)).toEqual(["new", "top", "old"]);
    expect(sortQuestions(qs, "votes", "new").map((q) => q.id)).toEqual(["new", "top", "old"]);
  });
});
