import { and, eq, gte, inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { notifications, townhallAttendees, townhalls } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import type { JobHandler } from "~/jobs/queues";
import { reminderTime } from "./reminder-time";

/** The "townhall.remind" job: shortly before the start, everyone who said they will attend hears of it, once. */
export const sendTownhallReminders: JobHandler<"townhall.remind"> = async (jobs) => {
  for (const job of jobs) {
    const [t] = await db().select().from(townhalls).where(eq(townhalls.id, job.townhallId));
    // Rescheduled or already over: this reminder is stale.
    if (!t || t.state === "ended" || t.startsAt.toISOString() !== job.startsAt) continue;
    const attending = and(eq(townhallAttendees.townhallId, t.id), job.userId ? eq(townhallAttendees.userId, job.userId) : undefined);
    const attendees = await db().select({ userId: townhallAttendees.userId }).from(townhallAttendees).where(attending);
    if (!attendees.length) continue;
    // A late "I will attend" and the general reminder can both be due at once; whoever was reminded for this start time is not reminded again.
    const since = new Date(reminderTime(t.startsAt).getTime() - 60_000);
    const reminded = await db()
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.kind, "townhall_reminder"), eq(notifications.subject, t.id), gte(notifications.createdAt, since), inArray(notifications.userId, attendees.map((a) => a.userId))));
    const done = new Set(reminded.map((r) => r.userId));
    const due = attendees.filter((a) => !done.has(a.userId));
    if (due.length) await transact((tx, events) => notify(tx, events, due.map((a) => ({ userId: a.userId, kind: "townhall_reminder" as const, subject: t.id }))));
  }
};
