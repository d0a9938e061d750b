/**
 * Event names and payloads shared by the socket.io server and the browser.
 * Payloads are thin change notices: they carry ids, and clients refetch.
 */
import { z } from "zod";

export const roomSchema = z
  .string()
  .max(100)
  .regex(/^(question|townhall|user):[a-z0-9]{1,40}$|^feed:questions$|^staff:(queue|review)$/, "Unknown room.");

export const subscribeSchema = z.object({ room: roomSchema });

export interface PresencePayload {
  count: number;
}

export interface QuestionNotice {
  questionId: string;
}

export interface VoteCount {
  questionId: string;
  votes: number;
  /** Grows with every change of the count: of two counts for one question, the higher version is the newer. */
  version: number;
}

export type TownhallQuestionChange = { type: "upsert"; question: Record<string, unknown> & { id: string } } | { type: "removed"; questionId: string };

/**
 * What changed in a town hall's question list, gathered over a tenth of a
 * second: questions that appeared or changed (whole) or left, in order, then
 * the vote counts that moved. `at` is when it was sent.
 */
export interface TownhallQuestionEvent {
  townhallId: string;
  at: number;
  changes: TownhallQuestionChange[];
  counts: VoteCount[];
}

export interface ServerToClientEvents {
  "presence:online": (payload: PresencePayload) => void;
  "question:created": (payload: QuestionNotice & { category: string }) => void;
  "question:updated": (payload: QuestionNotice) => void;
  "answer:created": (payload: QuestionNotice & { answerId: string }) => void;
  "vote:changed": (payload: QuestionNotice & { target: "question" | "answer"; id: string; score: number }) => void;
  "question:solved": (payload: QuestionNotice & { answerId: string | null }) => void;
  "queue:changed": (payload: { questionId: string }) => void;
  "review:changed": (payload: { itemId: string }) => void;
  "townhall:state": (payload: { townhallId: string; state: string; answeringQuestionId: string | null; chatEnabled: boolean; at: number }) => void;
  "townhall:question": (payload: TownhallQuestionEvent) => void;
  "townhall:presence": (payload: { townhallId: string; count: number }) => void;
  "townhall:chat": (payload: { townhallId: string; message: Record<string, unknown> }) => void;
  "private:message": (payload: { questionId: string }) => void;
  "notification:created": (payload: { id: string; kind: string; subject?: string | null }) => void;
}

export type Ack = (reply: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

export interface ClientToServerEvents {
  subscribe: (payload: unknown, ack?: Ack) => void;
  unsubscribe: (payload: unknown, ack?: Ack) => void;
}
