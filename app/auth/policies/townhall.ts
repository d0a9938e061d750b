import { can, isSelf, type Viewer } from "./actor";

export const publicTownhallStatuses = ["approved", "answering", "answered"] as const;
export type TownhallQuestionStatus = "pending" | "approved" | "answering" | "answered" | "hidden";

export function isPublicTownhallStatus(status: string): boolean {
  return (publicTownhallStatuses as readonly string[]).includes(status);
}

export function canScheduleTownhall(actor: Viewer): boolean {
  return can(actor, "townhall:host");
}

/** The host, a co-host or any staff member runs a town hall. */
export function canRunTownhall(actor: Viewer, t: { hostId: string; cohost: boolean }): boolean {
  if (!actor) return false;
  return can(actor, "townhall:host") || isSelf(actor, t.hostId) || t.cohost;
}

export function canTakePartIn(actor: Viewer): boolean {
  return can(actor, "townhall:participate");
}

/** Approved questions everyone; pending and hidden ones the hosts, and a pending one its author. */
export function canSeeTownhallQuestion(actor: Viewer, q: { status: string; authorId: string }, runner: boolean): boolean {
  if (isPublicTownhallStatus(q.status) || runner) return true;
  return q.status === "pending" && isSelf(actor, q.authorId);
}

/** One vote each on a visible question, never on one's own. */
export function canVoteTownhallQuestion(actor: Viewer, q: { authorId: string }): boolean {
  return canTakePartIn(actor) && !isSelf(actor, q.authorId);
}

/** The hosts' questions skip moderation: they would approve them anyway. */
export function skipsModeration(t: { moderated: boolean }, runner: boolean): boolean {
  return !t.moderated || runner;
}

/** Hosts may always speak; attendees while the chat is on. */
export function canChat(actor: Viewer, t: { chatEnabled: boolean }, runner: boolean): boolean {
  return canTakePartIn(actor) && (t.chatEnabled || runner);
}
