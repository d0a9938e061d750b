import { can, type Viewer } from "./actor";

/** The staff action log is for admins: it shows what staff did, so staff do not read it about themselves. */
export function canReadAudit(actor: Viewer): boolean {
  return can(actor, "audit:read");
}
