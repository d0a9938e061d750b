/** What every page's frame shows: who is signed in, their unread notifications, and whether the staff tools menu is theirs. */
import { isStaff, type Viewer } from "~/auth/policies";
import { unreadCount } from "~/domain/notifications/notify.server";

export async function layoutPage(actor: Viewer) {
  return { user: actor ?? null, unread: await unreadCount(actor ?? null), can: { useStaffTools: isStaff(actor) } };
}
