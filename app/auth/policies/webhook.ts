import { can, type Viewer } from "./actor";

/** Webhook endpoints carry secrets and reach other systems: staff only. */
export function canManageWebhooks(actor: Viewer): boolean {
  return can(actor, "webhook:manage");
}
