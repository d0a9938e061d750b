import type { Executor } from "#db/client.server";
import { enqueueJob } from "~/jobs/boss.server";

/** Asks the badge job to look at these members again once the caller's transaction commits. */
export async function queueBadgeCheck(tx: Executor, userIds: string[]) {
  for (const userId of userIds) await enqueueJob(tx, "badges.check", { userId }, { singletonKey: userId });
}
