/**
 * Every background job the forum runs, with the data it carries and how its
 * queue behaves. The registry (registry.ts) must give each one a handler: a
 * name without one fails to compile.
 */
export interface JobData {
  /** Look at one member's badges (and advocate nomination) again. */
  "badges.check": { userId: string };
  /** An SLA timer fell due. */
  "escalation.due": { questionId: string; check: "advocate_window" | "first_response" };
  /** One attempt at one webhook delivery. */
  "webhooks.deliver": { deliveryId: string };
  /** A town hall starts soon: remind whoever said they will attend (or only `userId`, who said so after the reminders went out). */
  "townhall.remind": { townhallId: string; startsAt: string; userId?: string };
  /** Send one queued message of the mail outbox (mail_messages). */
  "mail.send": { mailId: string };
  /** The daily digest due at `at` (07:00 UTC); the run schedules the next. */
  "mail.digest": { period: "daily" | "weekly"; at: string };
  /** Someone asked to reset the password of the account using `email`, if there is one (the request itself never looks). */
  "accounts.password_reset": { email: string };
  /** Ring the followers of a question (a new answer) or of a category and tags (a new question). */
  "watchers.fanout": { event: "answer"; questionId: string; answerId: string } | { event: "question"; questionId: string };
}

export type JobName = keyof JobData;

export interface QueueSpec {
  // stately: one waiting and one running job per key, so a burst of votes on
  // one member's posts becomes one badge check, not a hundred.
  policy: "standard" | "stately";
  /** Jobs handed to one handler call; a throw fails (and retries) all of them. */
  batchSize: number;
  retryLimit: number;
  /** Seconds before the first retry; backoff doubles it each time. */
  retryDelay?: number;
  /** Its waiting jobs are scheduled again by every start, so the queue may be dropped and rebuilt (a policy change). */
  rescheduledAtStart?: boolean;
}

export const queues: Record<JobName, QueueSpec> = {
  "badges.check": { policy: "stately", batchSize: 50, retryLimit: 5 },
  // SLA timers: sent with a start time; the handler is idempotent, so a repeat is harmless.
  "escalation.due": { policy: "standard", batchSize: 50, retryLimit: 5 },
  // One delivery per call, so one receiver failing never re-sends another's.
  // Retries double from 30 s: the ninth and last attempt comes 2-4 hours after the first, like common webhook senders.
  "webhooks.deliver": { policy: "standard", batchSize: 1, retryLimit: 8, retryDelay: 30 },
  "townhall.remind": { policy: "standard", batchSize: 10, retryLimit: 3 },
  // A batch shares one pooled SMTP connection; a message that fails is retried alone (sent ones are skipped on retry).
  "mail.send": { policy: "standard", batchSize: 50, retryLimit: 6, retryDelay: 30 },
  // stately with one key: at most one digest run waits, however many nodes start or re-schedule it.
  "mail.digest": { policy: "stately", batchSize: 1, retryLimit: 5, retryDelay: 300, rescheduledAtStart: true },
  // One post per call: a post with ten thousand followers is already many batched inserts. A retry skips whoever was told.
  "watchers.fanout": { policy: "standard", batchSize: 1, retryLimit: 5, retryDelay: 10 },
  "accounts.password_reset": { policy: "standard", batchSize: 20, retryLimit: 3, retryDelay: 10 },
};

export const jobNames = Object.keys(queues) as JobName[];

export type JobHandler<N extends JobName> = (jobs: JobData[N][]) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
