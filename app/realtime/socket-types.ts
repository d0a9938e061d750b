/** The socket server's types, shared by the server and its access control. */
import type { Server, Socket } from "socket.io";
import type { Actor } from "~/auth/policies";
import type { AccessEvent } from "~/domain/events/types";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";

/** Who a socket's handshake signed in, and with what: a socket ends when its session or token does. */
export interface SocketIdentity {
  actor: Actor | null;
  sessionId: string | null;
  tokenId: string | null;
}

export interface SocketData extends SocketIdentity {
  /** Counts a person once however many tabs they have open. */
  personKey: string;
}

/** What nodes tell each other (through the Redis adapter when there are several). */
export interface InterServerEvents {
  "access:changed": (change: AccessEvent) => void;
}

export type ForumServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ForumSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeOptions {
  redisUrl?: string;
  authenticate(handshake: { cookie?: string; token?: string; secure: boolean }): Promise<SocketIdentity>;
  allowedOrigin(requestHost: string | undefined, secure: boolean): string | null;
  log: (msg: string, err?: unknown) => void;
}
