/** What every page's frame shows: who is signed in, their unread notifications, whether the staff tools menu is theirs, and any restriction on their account (the banner). */
import { activeSilence, activeSuspension, canReadAudit, canReadMailOutbox, canReadCases, type Viewer } from "~/auth/policies";
import { unreadCount } from "~/domain/notifications/notify.server";

export async function layoutPage(actor: Viewer) {
  // The staff menu opens on the case queue; whoever reads cases gets the staff tools beside it.
  return {
    user: actor ?? null,
    unread: await unreadCount(actor ?? null),
    can: { useStaffTools: canReadCases(actor), readAudit: canReadAudit(actor), readMail: canReadMailOutbox(actor) },
    restrictions: { suspended: activeSuspension(actor), silenced: activeSilence(actor) },
  };
}
