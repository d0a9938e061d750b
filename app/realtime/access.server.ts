/**
 * A socket keeps the identity its handshake had until something ends it:
 * logging out ends the sockets of that session, revoking a token those of
 * that token, and a change of role or of a category's readers checks the
 * affected sockets again (who they are, and every room they listen in,
 * leaving the rooms they may no longer hear). The node that made the change
 * hears it from `transact` (a live subscriber) and tells every other node
 * through the adapter (Redis when there are several), so it holds across
 * nodes too. A sweep every few minutes catches sessions that simply expired.
 */
import type { Subscriber } from "~/domain/events/transact.server";
import type { AccessEvent, DomainEvent } from "~/domain/events/types";
import { authorizeRoom, userRoom } from "./rooms.server";
import type { ForumServer, ForumSocket, RealtimeOptions } from "./socket-types";

type AccessChange = AccessEvent;

const accessTypes = new Set<DomainEvent["type"]>(["session.ended", "sessions.ended", "token.revoked", "user.access_changed", "category.visibility_changed"]);

const SWEEP_MS = 5 * 60_000;

function isAccessChange(e: DomainEvent): e is AccessChange {
  return accessTypes.has(e.type);
}

export function accessControl(io: ForumServer, opts: Pick<RealtimeOptions, "authenticate" | "log">) {
  const localSockets = () => [...io.of("/").sockets.values()];
  const socketsOf = (userId: string) => {
    const ids = io.of("/").adapter.rooms.get(userRoom(userId)) ?? new Set<string>();
    return [...ids].map((id) => io.of("/").sockets.get(id)).filter((s): s is ForumSocket => Boolean(s));
  };

  /** Who the socket's handshake signs in now; a different answer than before ends it, or narrows its rooms. */
  async function recheck(socket: ForumSocket, rooms: (room: string) => boolean = () => true) {
    const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
    const secure = (socket.handshake.headers["x-forwarded-proto"] ?? "").toString().startsWith("https");
    const before = socket.data.actor;
    const identity = await opts.authenticate({ cookie: socket.handshake.headers.cookie, token, secure });
    if (before && identity.actor?.id !== before.id) {
      socket.disconnect(true);
      return;
    }
    socket.data.actor = identity.actor;
    for (const room of socket.rooms) {
      if (room === socket.id || !rooms(room)) continue;
      await authorizeRoom(identity.actor, room).catch(() => socket.leave(room));
    }
  }

  async function apply(change: AccessChange) {
    switch (change.type) {
      case "session.ended":
        for (const s of socketsOf(change.userId)) if (s.data.sessionId === change.sessionId) s.disconnect(true);
        return;
      case "sessions.ended":
        for (const s of socketsOf(change.userId)) if (s.data.sessionId) s.disconnect(true);
        return;
      case "token.revoked":
        for (const s of socketsOf(change.userId)) if (s.data.tokenId === change.tokenId) s.disconnect(true);
        return;
      case "user.access_changed":
        await Promise.all(socketsOf(change.userId).map((s) => recheck(s)));
        return;
      case "category.visibility_changed":
        // Which questions are in the category is the room check's business: every question room is checked again.
        await Promise.all(localSockets().map((s) => recheck(s, (room) => room.startsWith("question:"))));
        return;
    }
  }

  const run = (change: AccessChange) => apply(change).catch((err) => opts.log(`could not apply ${change.type}`, err));

  io.on("access:changed", run);

  const sweep = setInterval(() => {
    for (const s of localSockets()) if (s.data.actor) recheck(s).catch((err) => opts.log("socket sweep failed", err));
  }, SWEEP_MS);
  sweep.unref();

  const subscriber: Subscriber = {
    name: "socket access",
    afterCommit(events) {
      for (const e of events) {
        if (!isAccessChange(e)) continue;
        void run(e);
        io.serverSideEmit("access:changed", e);
      }
    },
  };

  return { subscriber, stop: () => clearInterval(sweep) };
}
