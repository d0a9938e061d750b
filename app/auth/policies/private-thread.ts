import { isSelf, type Viewer } from "./actor";
import { canWorkCases } from "./case";

/** A private thread is between the asker and staff, nobody else. */
export interface PrivateThreadRow {
  customerId: string;
}

export function canReadPrivateThread(actor: Viewer, thread: PrivateThreadRow): boolean {
  return isSelf(actor, thread.customerId) || canWorkCases(actor);
}

export function canPostPrivateMessage(actor: Viewer, thread: PrivateThreadRow): boolean {
  return canReadPrivateThread(actor, thread);
}

/** Staff take a conversation private (to look at account details). */
export function canTakePrivate(actor: Viewer): boolean {
  return canWorkCases(actor);
}
