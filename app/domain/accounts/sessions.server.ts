/**
 * Ending sessions: the cookie is cleared by the route, the session row by
 * Lucia, and open sockets that rode on it are ended through the event.
 */
import { endAllSessions, endSession } from "~/auth/lucia.server";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";

/** Logging out: this session (by its stored id) ends, here and on every socket it opened. */
export async function signOut(actor: Actor | null, sessionId: string | null) {
  const me = ensureSignedIn(actor);
  if (!sessionId) return;
  await endSession(sessionId);
  await transact(async (_tx, events) => {
    events.record({ type: "session.ended", userId: me.id, sessionId });
  });
}

/** Every session of a member ends (a password change or reset, a deleted account). */
export async function signOutEverywhere(userId: string) {
  await endAllSessions(userId);
  await transact(async (_tx, events) => {
    events.record({ type: "sessions.ended", userId });
  });
}
