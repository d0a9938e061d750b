import type { ForumServer } from "./socket-types";

let io: ForumServer | undefined;

export function useRealtime(server: ForumServer | undefined) {
  io = server;
}

/**
 * The one door for server-to-client events. Call it only after the
 * transaction that made the change has committed.
 */
export function publisher() {
  return io;
}
