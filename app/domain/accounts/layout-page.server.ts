/** What every page's frame shows: who is signed in, their unread notifications, whether the staff tools menu is theirs, and any restriction on their account and an address still to confirm (the banners). */
import { activeSilence, activeSuspension, canReadAudit, canReadMailOutbox, canReadCases, type Viewer } from "~/auth/policies";
import { unreadCount } from "~/domain/notifications/notify.server";
import { pendingVerification } from "./email-verification.server";
import { avatarUrl } from "./present";

export async function layoutPage(actor: Viewer, avatarPath: string | null = null) {
  // The staff menu opens on the case queue; whoever reads cases gets the staff tools beside it.
  const [unread, verification] = await Promise.all([unreadCount(actor ?? null), pendingVerification(actor)]);
  return {
    user: actor ? { ...actor, avatarUrl: avatarUrl(avatarPath) } : null,
    unread,
    // The address still waiting for its link (the banner), or null.
    verification,
    can: { useStaffTools: canReadCases(actor), readAudit: canReadAudit(actor), readMail: canReadMailOutbox(actor) },
    restrictions: { suspended: activeSuspension(actor), silenced: activeSilence(actor) },
  };
}
