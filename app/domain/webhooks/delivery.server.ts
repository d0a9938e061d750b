import type { JobHandler } from "~/jobs/queues";
import { deliverWebhook } from "./webhooks.server";

// The queue hands one delivery per call (batchSize 1), so a throw retries only that one.
export const deliverWebhookJobs: JobHandler<"webhooks.deliver"> = async (jobs) => {
  for (const job of jobs) {
    if (typeof job.deliveryId === "string") await deliverWebhook(job.deliveryId);
  }
};
