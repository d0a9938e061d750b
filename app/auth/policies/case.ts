import { can, isStaffRole, type Role, type Viewer } from "./actor";

/** Who answered, as support reporting counts it. */
export type Responder = "peer" | "advocate" | "staff";

export function responderOf(role: Role): Responder {
  return isStaffRole(role) ? "staff" : role === "advocate" ? "advocate" : "peer";
}

/** Staff and advocates answer for the brand, so their reply stops the SLA clock; a peer's does not. */
export function stopsTheClock(role: Role): boolean {
  return responderOf(role) !== "peer";
}

/** Staff posting (announcements, notes to advocates) owe themselves no reply: no case opens. */
export function opensACase(authorRole: Role): boolean {
  return responderOf(authorRole) !== "staff";
}

/** The staff queue, a case's clock and its assignee. */
export function canReadCases(actor: Viewer): boolean {
  return can(actor, "case:read");
}

/** Claim, assign, change status, take private, escalate on someone's behalf. */
export function canWorkCases(actor: Viewer): boolean {
  return can(actor, "case:work");
}

/** Internal notes: staff only, on every path. */
export function canReadNotes(actor: Viewer): boolean {
  return can(actor, "case:note");
}

export function canWriteNotes(actor: Viewer): boolean {
  return can(actor, "case:note");
}

/** Only someone who answers for the brand can hold a case. */
export function canBeAssigned(user: { role: Role }): boolean {
  return isStaffRole(user.role);
}

/** Why a case escalated when someone pressed the button: staff did it, or the asker did. */
export function escalationReasonOf(actor: Viewer): "staff" | "asker" {
  return canWorkCases(actor) ? "staff" : "asker";
}

export function canManageSla(actor: Viewer): boolean {
  return can(actor, "sla:manage");
}

/** A customer's whole history: questions, cases, notes, private messages. */
export function canReadCustomerHistory(actor: Viewer): boolean {
  return can(actor, "customer:read-history");
}
