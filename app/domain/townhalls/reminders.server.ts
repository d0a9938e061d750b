import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { townhallAttendees, townhalls } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import type { JobHandler } from "~/jobs/queues";

/** The "townhall.remind" job: shortly before the start, everyone who said they will attend hears of it. */
export const sendTownhallReminders: JobHandler<"townhall.remind"> = async (jobs) => {
  for (const job of jobs) {
    const [t] = await db().select().from(townhalls).where(eq(townhalls.id, job.townhallId));
    // Rescheduled or already over: this reminder is stale.
    if (!t || t.state === "ended" || t.startsAt.toISOString() !== job.startsAt) continue;
    const attendees = await db().select({ userId: townhallAttendees.userId }).from(townhallAttendees).where(eq(townhallAttendees.townhallId, t.id));
    await transact((tx, events) => notify(tx, events, attendees.map((a) => ({ userId: a.userId, kind: "townhall_reminder" as const, subject: t.id }))));
  }
};
