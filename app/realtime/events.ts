/**
 * Event names and payloads shared by the socket.io server and the browser.
 * Payloads are thin change notices: they carry ids, and clients refetch.
 */
import { z } from "zod";

export const roomSchema = z
  .string()
  .max(100)
  .regex(/^(question|townhall|user):[a-z0-9]{1,40}$/, "Unknown room.");

export const subscribeSchema = z.object({ room: roomSchema });

export interface PresencePayload {
  count: number;
}

export interface ServerToClientEvents {
  "presence:online": (payload: PresencePayload) => void;
}

export type Ack = (reply: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

export interface ClientToServerEvents {
  subscribe: (payload: unknown, ack?: Ack) => void;
  unsubscribe: (payload: unknown, ack?: Ack) => void;
}
