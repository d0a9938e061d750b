import type { SerializeFrom } from "@remix-run/node";
import type { getCustomerTimeline } from "~/domain/escalation/timeline.server";

/** A customer-timeline event as the page receives it (dates as strings). */
export type TimelineEvent = SerializeFrom<typeof getCustomerTimeline>["events"][number];
