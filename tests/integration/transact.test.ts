import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { categories } from "#db/schema";
import { subscribe, transact } from "~/domain/events/transact.server";
import type { DomainEvent } from "~/domain/events/types";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

/** A live subscriber that writes down what it heard and whether the change was visible to others by then. */
function listen(categoryId?: string) {
  const heard: { events: DomainEvent[]; committedRowVisible: boolean | null }[] = [];
  cleanups.push(
    subscribe({
      name: "test listener",
      afterCommit: async (events) => {
        const entry = { events: [...events], committedRowVisible: null as boolean | null };
        heard.push(entry);
        if (categoryId) entry.committedRowVisible = (await db().select().from(categories).where(eq(categories.id, categoryId))).length === 1;
      },
    }),
  );
  return heard;
}

async function insertCategory(tx: Parameters<Parameters<typeof transact>[0]>[0], id: string) {
  await tx.insert(categories).values({ id, slug: `c-${id}`, name: `Category ${id}`, description: "" });
}

const edited = (questionId: string): DomainEvent => ({ type: "question.edited", questionId });

describe("transact", () => {
  it("hands the recorded events, in order, to live subscribers only after the commit", async () => {
    const id = newId();
    const heard = listen(id);
    const value = await transact(async (tx, events) => {
      await insertCategory(tx, id);
      events.record(edited("q1"), edited("q2"));
      expect(heard).toHaveLength(0);
      return "done";
    });
    expect(value).toBe("done");
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toHaveLength(1);
    expect(heard[0].events).toEqual([edited("q1"), edited("q2")]);
    expect(heard[0].committedRowVisible).toBe(true);
  });

  it("emits nothing when the transaction rolls back, and the durable subscribers' rows roll back with it", async () => {
    const id = newId();
    const durableId = newId();
    const heard = listen();
    cleanups.push(
      subscribe({
        name: "test durable",
        durable: { "question.edited": (_e, tx) => insertCategory(tx, durableId) },
      }),
    );
    await expect(
      transact(async (tx, events) => {
        await insertCategory(tx, id);
        events.record(edited("q3"));
        throw new Error("the write changed its mind");
      }),
    ).rejects.toThrow("the write changed its mind");
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toHaveLength(0);
    expect(await db().select().from(categories).where(eq(categories.id, id))).toHaveLength(0);
    expect(await db().select().from(categories).where(eq(categories.id, durableId))).toHaveLength(0);
  });

  it("runs durable subscribers inside the transaction: a failure there rolls the whole write back", async () => {
    const id = newId();
    const heard = listen();
    cleanups.push(
      subscribe({
        name: "test durable that fails",
        durable: {
          "question.edited": async () => {
            throw new Error("webhook table unavailable");
          },
        },
      }),
    );
    await expect(
      transact(async (tx, events) => {
        await insertCategory(tx, id);
        events.record(edited("q4"));
      }),
    ).rejects.toThrow("webhook table unavailable");
    expect(await db().select().from(categories).where(eq(categories.id, id))).toHaveLength(0);
    expect(heard).toHaveLength(0);
  });

  it("delivers what durable subscribers record to the live ones too", async () => {
    const heard = listen();
    cleanups.push(
      subscribe({
        name: "test durable that records",
        durable: {
          "question.asked": async (e, _tx, events) => {
            events.record({ type: "notification.created", notificationId: "n1", userId: e.authorId, kind: "mention", subject: null });
          },
        },
      }),
    );
    await transact(async (_tx, events) => {
      events.record({ type: "question.asked", questionId: "q5", authorId: "u1", categorySlug: "c", visibility: "public" });
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(heard[0].events.map((e) => e.type)).toEqual(["question.asked", "notification.created"]);
  });

  it("keeps the write when a live subscriber fails, and still tells the others", async () => {
    const id = newId();
    cleanups.push(
      subscribe({
        name: "test listener that throws",
        afterCommit: () => {
          throw new Error("socket server gone");
        },
      }),
    );
    const heard = listen(id);
    await transact(async (tx, events) => {
      await insertCategory(tx, id);
      events.record(edited("q6"));
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toHaveLength(1);
    expect(await db().select().from(categories).where(eq(categories.id, id))).toHaveLength(1);
  });

  it("tells `committed` subscribers of every commit, with or without events, before transact returns, and of no rollback", async () => {
    let commits = 0;
    cleanups.push(subscribe({ name: "test commit counter", committed: () => void commits++ }));
    await transact(async (tx) => insertCategory(tx, newId()));
    expect(commits).toBe(1);
    await transact(async (tx, events) => {
      await insertCategory(tx, newId());
      events.record(edited("q7"));
    });
    expect(commits).toBe(2);
    await expect(
      transact(async (tx) => {
        await insertCategory(tx, newId());
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(commits).toBe(2);
  });
});
