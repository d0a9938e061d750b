/**
 * Sessions as the member sees them: signing in (with the new-device notice),
 * the list in settings, and ending them. The cookie is cleared by the route,
 * the session row by Lucia, and open sockets that rode on a session are ended
 * through the `session.ended` / `sessions.ended` events.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { db } from "#db/client.server";
import { sessions, users } from "#db/schema";
import { endAllSessions, endSession, startSession, type SessionOrigin } from "~/auth/lucia.server";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { queueMail } from "~/domain/mail/queue.server";
import { notify } from "~/domain/notifications/notify.server";
import { describeDevice } from "./devices";

/**
 * The id a session has in the API and the settings page. The stored id is
 * already a hash of the cookie, but a second hash keeps the table's key out of
 * pages and JSON altogether, so nothing a page shows can name a row to Lucia.
 */
export function publicSessionId(storedId: string) {
  return createHash("sha256").update(`session:${storedId}`).digest("hex").slice(0, 24);
}

async function liveSessionsOf(userId: string) {
  return db()
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now())))
    .orderBy(desc(sessions.lastSeenAt));
}

/**
 * Starts a session for someone whose credentials were just checked (log in,
 * sign up, first-run setup, single sign-on). When the member already had
 * sessions and none came from this browser and address, they are told (a
 * notification, and mail to a confirmed address whatever their mail choices):
 * a stolen password shows up as a stranger's device. A first sign-in has
 * nothing to compare with, so it tells nothing.
 */
export async function signIn(userId: string, secure: boolean, origin: SessionOrigin) {
  const before = await liveSessionsOf(userId);
  const userAgent = origin.userAgent ?? null;
  const ip = origin.ip ?? null;
  const started = await startSession(userId, secure, origin);
  const known = before.some((s) => (s.userAgent ?? null) === userAgent && (s.ip ?? null) === ip);
  if (before.length && !known) await tellNewDevice(userId, { device: describeDevice(userAgent), ip });
  return started;
}

async function tellNewDevice(userId: string, device: { device: string; ip: string | null }) {
  const [member] = await db().select({ email: users.email, verifiedAt: users.emailVerifiedAt, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  if (!member || member.deletedAt) return;
  const subject = device.ip ? `${device.device} (${device.ip})` : device.device;
  await transact(async (tx, events) => {
    const [created] = await notify(tx, events, [{ userId, kind: "new_device", subject }]);
    // Unconfirmed addresses get nothing: a typo'd address would otherwise receive someone's sign-in alerts.
    if (member.verifiedAt) {
      await queueMail(tx, [{ userId, to: member.email, template: "new_device", notificationId: created?.id ?? null, data: { ...device, at: now().toISOString() } }]);
    }
  });
}

/** The member's sessions, newest activity first; `current` marks the one asking. */
export async function listSessions(actor: Actor | null, currentSessionId: string | null) {
  const me = ensureSignedIn(actor);
  const rows = await liveSessionsOf(me.id);
  return rows.map((s) => ({
    id: publicSessionId(s.id),
    current: s.id === currentSessionId,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    userAgent: s.userAgent,
    device: describeDevice(s.userAgent),
    ip: s.ip,
  }));
}

async function endSessions(userId: string, storedIds: string[]) {
  if (!storedIds.length) return;
  await Promise.all(storedIds.map((id) => endSession(id)));
  await transact(async (_tx, events) => {
    events.record(...storedIds.map((sessionId) => ({ type: "session.ended" as const, userId, sessionId })));
  });
}

/** Ends one of the member's sessions, by its public id; another member's (or an unknown) id is a 404. */
export async function revokeSession(actor: Actor | null, publicId: string) {
  const me = ensureSignedIn(actor);
  const rows = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, me.id));
  const target = rows.find((s) => publicSessionId(s.id) === publicId);
  if (!target) throw new NotFoundError("You have no session with that id.");
  await endSessions(me.id, [target.id]);
}

/** "Sign out everywhere else": every session but the one asking ends. Returns how many ended. */
export async function revokeOtherSessions(actor: Actor | null, currentSessionId: string | null) {
  const me = ensureSignedIn(actor);
  const rows = await db()
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, me.id), currentSessionId ? ne(sessions.id, currentSessionId) : undefined));
  await endSessions(
    me.id,
    rows.map((r) => r.id),
  );
  return rows.length;
}

/** Logging out: this session (by its stored id) ends, here and on every socket it opened. */
export async function signOut(actor: Actor | null, sessionId: string | null) {
  const me = ensureSignedIn(actor);
  if (!sessionId) return;
  await endSessions(me.id, [sessionId]);
}

/** Every session of a member ends (a password change or reset, a deleted account). */
export async function signOutEverywhere(userId: string) {
  await endAllSessions(userId);
  await transact(async (_tx, events) => {
    events.record({ type: "sessions.ended", userId });
  });
}

/** Sessions as the export lists them: where and when, without ids (an id is half of a way in). */
export async function sessionsForExport(userId: string) {
  const rows = await liveSessionsOf(userId);
  return rows.map((s) => ({ createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), userAgent: s.userAgent, device: describeDevice(s.userAgent), ip: s.ip }));
}

