/** A case's row and the question status that mirrors it, for the writers beside this file. */
import { eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { questions, supportCases, type CaseState, type SupportCase } from "#db/schema";
import type { CaseSnapshot } from "~/domain/events/types";
import { now as clock } from "~/clock";

// The forum shows a question's support state beside it; the case is what decides it.
const questionStatusOf: Record<CaseState, "open" | "escalated" | "assigned" | "waiting_on_customer" | "solved"> = {
  routing: "open",
  escalated: "escalated",
  assigned: "assigned",
  waiting_on_customer: "waiting_on_customer",
  solved: "solved",
};

export async function setCaseState(tx: Executor, questionId: string, state: CaseState, extra: Partial<SupportCase> = {}) {
  await tx.update(supportCases).set({ ...extra, state, updatedAt: clock() }).where(eq(supportCases.questionId, questionId));
  await tx.update(questions).set({ status: questionStatusOf[state] }).where(eq(questions.id, questionId));
}

/** The case row, locked for the rest of the transaction (undefined when the question has no case). */
export async function lockCase(tx: Executor, questionId: string): Promise<SupportCase | undefined> {
  const [row] = await tx.select().from(supportCases).where(eq(supportCases.questionId, questionId)).for("update");
  return row;
}

/** What an event carries of a case: where it stood. */
export function snapshotOf(c: SupportCase): CaseSnapshot {
  return { questionId: c.questionId, state: c.state, escalationReason: c.escalationReason, slaDueAt: c.slaDueAt };
}
