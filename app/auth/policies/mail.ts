import { can, type Viewer } from "./actor";

/**
 * The outbox holds every member's mail, reset and verification links among it
 * (with no SMTP server those are how a newcomer signs in again): admins only.
 */
export function canReadMailOutbox(actor: Viewer): boolean {
  return can(actor, "mail:read");
}
