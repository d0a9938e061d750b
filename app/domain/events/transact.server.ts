/**
 * The one way a command writes: `transact(async (tx, events) => ...)` runs the
 * work in a transaction while it records domain events, then
 *
 * 1. before commit, inside the same transaction, hands each event to the
 *    durable subscribers (webhook deliveries, badge checks: rows and jobs that
 *    must exist exactly when the change does), and
 * 2. after commit, hands the whole batch to the live subscribers (socket
 *    notices, caches): what they do cannot undo the change, and a failure
 *    there is logged, never thrown at the person who made it.
 *
 * A transaction that rolls back emits nothing: the durable rows roll back
 * with it and the live subscribers never hear of it. Subscribers are
 * registered once at start (app/runtime.server.ts, the seed, test setup), so
 * the domain never imports a transport.
 */
import { db, type Tx } from "#db/client.server";
import { log } from "~/log.server";
import type { DomainEvent, DomainEventType, EventOf } from "./types";

export interface EventLog {
  record(...events: DomainEvent[]): void;
  readonly recorded: readonly DomainEvent[];
}

type DurableHandlers = { [T in DomainEventType]?: (event: EventOf<T>, tx: Tx, events: EventLog) => Promise<void> };

export interface Subscriber {
  name: string;
  /** Runs inside the transaction, before commit; events it records are handed on too. */
  durable?: DurableHandlers;
  /** Runs after commit with everything the transaction recorded, in order. */
  afterCommit?: (events: readonly DomainEvent[]) => void | Promise<void>;
  /**
   * Runs after every commit, also one that recorded no events: the page
   * cache counts writes, since many change a public page without an event
   * (a category renamed, a profile edited). Synchronous, so it has run
   * before the command returns.
   */
  committed?: () => void;
}

const subscribers = new Map<string, Subscriber>();

/** Registers (or replaces, by name) a subscriber; returns its removal. */
export function subscribe(subscriber: Subscriber): () => void {
  subscribers.set(subscriber.name, subscriber);
  return () => {
    if (subscribers.get(subscriber.name) === subscriber) subscribers.delete(subscriber.name);
  };
}

export function subscriberNames(): string[] {
  return [...subscribers.keys()];
}

function createLog(): EventLog {
  const recorded: DomainEvent[] = [];
  return {
    recorded,
    record: (...events) => {
      recorded.push(...events);
    },
  };
}

async function runDurable(tx: Tx, events: EventLog) {
  // Indexed, not iterated: a durable subscriber may record more (a notification it wrote).
  for (let i = 0; i < events.recorded.length; i++) {
    const event = events.recorded[i];
    for (const s of subscribers.values()) {
      const handler = s.durable?.[event.type] as ((e: DomainEvent, tx: Tx, events: EventLog) => Promise<void>) | undefined;
      if (handler) await handler(event, tx, events);
    }
  }
}

/** Hands committed events to the live subscribers. */
function deliverCommitted(events: readonly DomainEvent[]) {
  for (const s of subscribers.values()) {
    if (!s.committed) continue;
    try {
      s.committed();
    } catch (err) {
      log.error(`events: subscriber ${s.name} failed after commit`, err);
    }
  }
  if (!events.length) return;
  for (const s of subscribers.values()) {
    if (!s.afterCommit) continue;
    try {
      const done = s.afterCommit(events);
      if (done instanceof Promise) done.catch((err) => log.error(`events: subscriber ${s.name} failed after commit`, err));
    } catch (err) {
      log.error(`events: subscriber ${s.name} failed after commit`, err);
    }
  }
}

export async function transact<T>(work: (tx: Tx, events: EventLog) => Promise<T>): Promise<T> {
  const events = createLog();
  const result = await db().transaction(async (tx) => {
    const value = await work(tx, events);
    await runDurable(tx, events);
    return value;
  });
  deliverCommitted(events.recorded);
  return result;
}
