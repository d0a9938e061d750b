import type { Socket } from "socket.io-client";
import type { TownhallQuestionEvent, VoteCount } from "~/realtime/events";

/** A question as a town hall notice carries it, in the fields the tests read. */
export interface NoticeQuestion {
  id: string;
  body: string;
  status: string;
  votes: number;
}

/** One change of a notice, or its vote counts: what an attendee applies, one step at a time. */
export interface TownhallStep {
  townhallId: string;
  type: "upsert" | "removed" | "votes";
  question?: NoticeQuestion;
  questionId?: string;
  counts?: VoteCount[];
}

/** Records every `townhall:question` notice as its changes in order, then its counts (if any): the order the page applies them. */
export function recordTownhallSteps(socket: Socket): TownhallStep[] {
  const steps: TownhallStep[] = [];
  socket.on("townhall:question", (n: TownhallQuestionEvent) => {
    for (const c of n.changes) {
      steps.push(c.type === "upsert" ? { townhallId: n.townhallId, type: "upsert", question: c.question as unknown as NoticeQuestion } : { townhallId: n.townhallId, type: "removed", questionId: c.questionId });
    }
    if (n.counts.length) steps.push({ townhallId: n.townhallId, type: "votes", counts: n.counts });
  });
  return steps;
}
