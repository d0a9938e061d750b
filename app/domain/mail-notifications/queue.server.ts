/**
 * Instant notification mail: when notify() writes notifications, those of an
 * email kind whose member chose "instant" (and whose address is confirmed)
 * get a message queued in the same transaction, a little late
 * (MAIL_INSTANT_DELAY_SECONDS) so that what the member already saw in the
 * page is dropped when it is rendered. One query and one queueMail call per
 * batch: a fan-out to thousands of followers notifies in batches of hundreds.
 */
import { inArray } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { users, type NotificationKind } from "#db/schema";
import { config } from "~/config.server";
import { queueMail } from "~/domain/mail/queue.server";
import { effectiveEmailPrefs, isEmailKind } from "~/domain/notifications/preferences";

// The new-device notice queues its own message (it must reach the member even before they open the page).
const ownMail = new Set<NotificationKind>(["new_device"]);

export async function queueNotificationMails(tx: Executor, created: { id: string; userId: string; kind: NotificationKind }[]) {
  const candidates = created.filter((n) => isEmailKind(n.kind) && !ownMail.has(n.kind));
  if (!candidates.length) return;
  const members = await tx
    .select({ id: users.id, email: users.email, prefs: users.emailPrefs, verifiedAt: users.emailVerifiedAt, deletedAt: users.deletedAt })
    .from(users)
    .where(inArray(users.id, [...new Set(candidates.map((n) => n.userId))]));
  const byId = new Map(members.map((m) => [m.id, m]));
  const mails = candidates.flatMap((n) => {
    const m = byId.get(n.userId);
    if (!m || !m.verifiedAt || m.deletedAt || !isEmailKind(n.kind) || effectiveEmailPrefs(m.prefs)[n.kind] !== "instant") return [];
    return [{ userId: m.id, to: m.email, template: "notification" as const, notificationId: n.id }];
  });
  await queueMail(tx, mails, { delaySeconds: config().MAIL_INSTANT_DELAY_SECONDS });
}
