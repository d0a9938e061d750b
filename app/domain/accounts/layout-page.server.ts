/** What every page's frame shows: who is signed in, their unread notifications, whether the staff tools menu is theirs, and any restriction on their account (the banner). */
import { activeSilence, activeSuspension, canReadAudit, canReadCases, type Viewer } from "~/auth/policies";
import { unreadCount } from "~/domain/notifications/notify.server";
import { avatarUrl } from "./present";

export async function layoutPage(actor: Viewer, avatarPath: string | null = null) {
  // The staff menu opens on the case queue; whoever reads cases gets the staff tools beside it.
  return {
    user: actor ? { ...actor, avatarUrl: avatarUrl(avatarPath) } : null,
    unread: await unreadCount(actor ?? null),
    can: { useStaffTools: canReadCases(actor), readAudit: canReadAudit(actor) },
    restrictions: { suspended: activeSuspension(actor), silenced: activeSilence(actor) },
  };
}
