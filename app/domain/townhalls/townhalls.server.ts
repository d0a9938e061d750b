/**
 * Town halls: staff schedule them, run them live and end them; questions are
 * collected before and during, moderated when the host wants, voted on, and
 * answered on the spot. Every door (page, JSON API, socket) comes through here.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { townhallAttendees, townhallCohosts, townhalls, users, type Townhall } from "#db/schema";
import { canRunTownhall, ensure, ensureCan, ensureActive, ensureSignedIn, type Actor, type Viewer } from "~/auth/policies";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact, type EventLog } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { enqueueJob } from "~/jobs/boss.server";
import { chatToggleSchema, scheduleSchema } from "./schemas";
import { reminderTime } from "./reminder-time";
import { streamEmbed } from "./stream";
import { now as clock, nowMs } from "~/clock";

export function townhallUrl(id: string) {
  return `/townhalls/${id}`;
}


/** Titles of town halls by id, for what other capabilities show about them (notifications). */
export async function townhallTitles(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db().select({ id: townhalls.id, title: townhalls.title }).from(townhalls).where(inArray(townhalls.id, ids));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export async function loadTownhall(id: string, executor: Executor = db()) {
  const [t] = await executor.select().from(townhalls).where(eq(townhalls.id, id));
  if (!t) throw new NotFoundError("No such town hall.");
  return t;
}

export async function isCohost(actor: Viewer, townhallId: string, executor: Executor = db()) {
  if (!actor) return false;
  const [row] = await executor.select().from(townhallCohosts).where(and(eq(townhallCohosts.townhallId, townhallId), eq(townhallCohosts.userId, actor.id)));
  return Boolean(row);
}

/** What the hosts' rule (canRunTownhall) reads of a town hall for this actor: its host, and whether the actor co-hosts it. */
export async function hostingOf(actor: Viewer, t: Pick<Townhall, "id" | "hostId">) {
  return { hostId: t.hostId, cohost: await isCohost(actor, t.id) };
}

export async function requireRunner(actor: Actor | null, t: Pick<Townhall, "id" | "hostId">) {
  const me = ensureActive(actor);
  ensure(canRunTownhall(me, await hostingOf(me, t)), "Only the hosts and staff run a town hall.");
  return me;
}

/** A town hall's live state changed: attendees' pages follow it. */
export function recordStateChange(events: EventLog, t: Pick<Townhall, "id" | "state" | "answeringQuestionId" | "chatEnabled">) {
  events.record({ type: "townhall.state_changed", townhall: { id: t.id, state: t.state, answeringQuestionId: t.answeringQuestionId, chatEnabled: t.chatEnabled } });
}

export function presentTownhall(t: Townhall, extra: { cohosts?: string[]; host?: string; attending?: boolean; attendees?: number } = {}) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    descriptionHtml: t.descriptionHtml,
    startsAt: t.startsAt.toISOString(),
    durationMinutes: t.durationMinutes,
    state: t.state,
    startedAt: t.startedAt?.toISOString() ?? null,
    endedAt: t.endedAt?.toISOString() ?? null,
    stream: streamEmbed(t.streamUrl),
    streamUrl: t.streamUrl,
    moderated: t.moderated,
    chatEnabled: t.chatEnabled,
    answeringQuestionId: t.answeringQuestionId,
    url: townhallUrl(t.id),
    icsUrl: `/townhalls/${t.id}/calendar.ics`,
    host: extra.host ? { username: extra.host } : null,
    cohosts: (extra.cohosts ?? []).map((username) => ({ username })),
    attending: extra.attending ?? false,
    attendees: extra.attendees ?? 0,
  };
}

export async function scheduleTownhall(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "townhall:host");
  const data = parseInput(scheduleSchema, input);
  if (data.startsAt.getTime() < nowMs() - 5 * 60_000) throw new ValidationError({ startsAt: ["Pick a time in the future."] });
  const cohosts = data.cohosts.length
    ? await db().select({ id: users.id, username: users.username, role: users.role }).from(users).where(inArray(sql`lower(${users.username})`, data.cohosts.map((c) => c.toLowerCase())))
    : [];
  const missing = data.cohosts.filter((c) => !cohosts.some((u) => u.username.toLowerCase() === c.toLowerCase()));
  if (missing.length) throw new ValidationError({ cohosts: [`No member called ${missing.join(", ")}.`] });
  const id = newId();
  const [t] = await transact(async (tx) => {
    const rows = await tx
      .insert(townhalls)
      .values({ id, title: data.title, description: data.description, descriptionHtml: renderMarkdown(data.description), startsAt: data.startsAt, durationMinutes: data.durationMinutes, streamUrl: data.streamUrl ?? null, moderated: data.moderated, hostId: me.id })
      .returning();
    if (cohosts.length) await tx.insert(townhallCohosts).values(cohosts.map((c) => ({ townhallId: id, userId: c.id })));
    const remindAt = reminderTime(data.startsAt);
    await enqueueJob(tx, "townhall.remind", { townhallId: id, startsAt: data.startsAt.toISOString() }, { startAfter: remindAt > clock() ? remindAt : clock() });
    return rows;
  });
  return presentTownhall(t, { host: me.username, cohosts: cohosts.map((c) => c.username) });
}

export async function listTownhalls() {
  const rows = await db().select().from(townhalls).orderBy(desc(sql`${townhalls.state} = 'live'`), asc(townhalls.startsAt)).limit(200);
  const now = Date.now();
  const summary = (t: Townhall) => ({ id: t.id, title: t.title, startsAt: t.startsAt.toISOString(), state: t.state, url: townhallUrl(t.id), durationMinutes: t.durationMinutes });
  return {
    townhalls: rows.map(summary),
    live: rows.filter((t) => t.state === "live").map(summary),
    upcoming: rows.filter((t) => t.state === "scheduled").map(summary),
    past: rows
      .filter((t) => t.state === "ended")
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
      .map(summary),
    now,
  };
}

export async function townhallDetails(actor: Actor | null, id: string) {
  const t = await loadTownhall(id);
  const [host] = await db().select({ username: users.username }).from(users).where(eq(users.id, t.hostId));
  const cohosts = await db().select({ username: users.username }).from(townhallCohosts).innerJoin(users, eq(users.id, townhallCohosts.userId)).where(eq(townhallCohosts.townhallId, id));
  const [count] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(townhallAttendees).where(eq(townhallAttendees.townhallId, id));
  const attending = actor
    ? Boolean((await db().select().from(townhallAttendees).where(and(eq(townhallAttendees.townhallId, id), eq(townhallAttendees.userId, actor.id))))[0])
    : false;
  return { townhall: presentTownhall(t, { host: host?.username, cohosts: cohosts.map((c) => c.username), attending, attendees: count?.n ?? 0 }), canRun: canRunTownhall(actor, await hostingOf(actor, t)) };
}

async function setState(actor: Actor | null, id: string, to: "live" | "ended") {
  const t = await loadTownhall(id);
  await requireRunner(actor, t);
  if (to === "live" && t.state !== "scheduled") throw new ConflictError(t.state === "live" ? "It is live already." : "It has ended.");
  if (to === "ended" && t.state !== "live") throw new ConflictError(t.state === "ended" ? "It has ended already." : "Start it first.");
  const now = clock();
  const row = await transact(async (tx, events) => {
    const [changed] = await tx
      .update(townhalls)
      .set(to === "live" ? { state: "live", startedAt: now } : { state: "ended", endedAt: now, answeringQuestionId: null })
      .where(and(eq(townhalls.id, id), eq(townhalls.state, t.state)))
      .returning();
    if (!changed) throw new ConflictError("Someone else changed it a moment ago.");
    recordStateChange(events, changed);
    return changed;
  });
  return presentTownhall(row);
}

export const startTownhall = (actor: Actor | null, id: string) => setState(actor, id, "live");
export const endTownhall = (actor: Actor | null, id: string) => setState(actor, id, "ended");

/** Turns the chat on or off: `enabled` must be a boolean (the string "true" is not one). */
export async function setChat(actor: Actor | null, id: string, enabledInput: unknown) {
  const t = await loadTownhall(id);
  await requireRunner(actor, t);
  const { enabled } = parseInput(chatToggleSchema, { enabled: enabledInput });
  const row = await transact(async (tx, events) => {
    const [changed] = await tx.update(townhalls).set({ chatEnabled: enabled }).where(eq(townhalls.id, id)).returning();
    recordStateChange(events, changed);
    return changed;
  });
  return presentTownhall(row);
}

/** "I will attend": a reminder notification comes shortly before the start. */
export async function rsvp(actor: Actor | null, id: string, attending: boolean) {
  const me = ensureCan(actor, "townhall:participate");
  const t = await loadTownhall(id);
  if (t.state === "ended") throw new ConflictError("This town hall has ended.");
  await transact(async (tx) => {
    if (attending) {
      const added = await tx.insert(townhallAttendees).values({ townhallId: id, userId: me.id }).onConflictDoNothing().returning({ userId: townhallAttendees.userId });
      // Said so after the reminders went out (or while they are going out): this member's own reminder, now.
      if (added.length && reminderTime(t.startsAt) <= clock()) await enqueueJob(tx, "townhall.remind", { townhallId: id, startsAt: t.startsAt.toISOString(), userId: me.id });
    } else await tx.delete(townhallAttendees).where(and(eq(townhallAttendees.townhallId, id), eq(townhallAttendees.userId, me.id)));
  });
  return { attending };
}
