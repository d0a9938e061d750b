/** What every page's frame shows: who is signed in, their unread notifications, whether the staff tools menu is theirs, and any restriction on their account and an address still to confirm (the banners). */
import { activeSilence, activeSuspension, canReadAudit, canReadMailOutbox, canReadCases, type Viewer } from "~/auth/policies";
import { unreadCount } from "~/domain/notifications/notify.server";
import { avatarUrl } from "./present";

/** `account`: what the session read with the member (their avatar, an address still to confirm), so the frame needs no query of its own. */
export async function layoutPage(actor: Viewer, account: { avatarPath: string | null; unconfirmedEmail: string | null } = { avatarPath: null, unconfirmedEmail: null }) {
  const { avatarPath, unconfirmedEmail } = account;
  // The staff menu opens on the case queue; whoever reads cases gets the staff tools beside it.
  const unread = await unreadCount(actor ?? null);
  return {
    user: actor ? { ...actor, avatarUrl: avatarUrl(avatarPath) } : null,
    unread,
    // The address still waiting for its link (the banner), or null.
    verification: actor && unconfirmedEmail ? { email: unconfirmedEmail } : null,
    can: { useStaffTools: canReadCases(actor), readAudit: canReadAudit(actor), readMail: canReadMailOutbox(actor) },
    restrictions: { suspended: activeSuspension(actor), silenced: activeSilence(actor) },
  };
}
