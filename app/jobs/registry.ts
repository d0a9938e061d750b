/**
 * What runs each job. A typed record: adding a job name to queues.ts without
 * a handler here fails to compile, and the worker refuses a name it has no
 * handler for instead of marking it done.
 */
import { runBadgeChecks } from "~/domain/badges/check.server";
import { runEscalationTimers } from "~/domain/escalation/timers.server";
import { sendTownhallReminders } from "~/domain/townhalls/reminders.server";
import { deliverWebhookJobs } from "~/domain/webhooks/delivery.server";
import { runDigestJobs } from "~/domain/mail-notifications/digest.server";
import { sendMailJobs } from "~/domain/mail/send.server";
import { runWatcherFanout } from "~/domain/following/fanout.server";
import { runPasswordResetJobs } from "~/domain/accounts/password-reset.server";
import type { JobHandlers } from "./queues";

export const jobHandlers: JobHandlers = {
  "badges.check": runBadgeChecks,
  "escalation.due": runEscalationTimers,
  "webhooks.deliver": deliverWebhookJobs,
  "townhall.remind": sendTownhallReminders,
  "mail.send": sendMailJobs,
  "mail.digest": runDigestJobs,
  "watchers.fanout": runWatcherFanout,
  "accounts.password_reset": runPasswordResetJobs,
};
