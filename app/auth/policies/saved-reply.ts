import { can, type Viewer } from "./actor";

/** Staff and advocates answer with approved templates (and advocates earn the reputation). */
export function canUseSavedReplies(actor: Viewer): boolean {
  return can(actor, "saved-reply:use");
}

export function canWriteSavedReplies(actor: Viewer): boolean {
  return can(actor, "saved-reply:write");
}

/** Templates waiting for approval are staff business; advocates see approved ones only. */
export function canSeeUnapprovedReplies(actor: Viewer): boolean {
  return can(actor, "saved-reply:read-drafts");
}

/** An admin approves a template before anyone may use it. */
export function canApproveSavedReplies(actor: Viewer): boolean {
  return can(actor, "saved-reply:approve");
}
