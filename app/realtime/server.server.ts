import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { isDomainError } from "~/domain/errors";
import type { Subscriber } from "~/domain/events/transact.server";
import { fieldErrorsOf } from "~/domain/validate";
import { accessControl } from "./access.server";
import { subscribeSchema, type Ack } from "./events";
import { authorizeRoom, userRoom } from "./rooms.server";
import type { ForumServer, ForumSocket, RealtimeOptions } from "./socket-types";

export type { ForumServer, RealtimeOptions, SocketData, SocketIdentity } from "./socket-types";

export interface Realtime {
  io: ForumServer;
  /** Ends or re-checks sockets when someone's access changes: subscribed to the domain's events at start. */
  access: Subscriber;
  onlineCount(): number;
  close(): Promise<void>;
}

function replyError(ack: Ack | undefined, err: unknown) {
  if (!ack) return;
  if (isDomainError(err)) ack({ ok: false, error: { code: err.code, message: err.message } });
  else ack({ ok: false, error: { code: "error", message: "Something went wrong." } });
}

export async function attachRealtime(httpServer: HttpServer, opts: RealtimeOptions): Promise<Realtime> {
  const io: ForumServer = new Server(httpServer, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    // A browser on another site must not open a socket that rides on our cookie.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      const secure = (req.headers["x-forwarded-proto"] ?? "").toString().startsWith("https");
      callback(null, origin === opts.allowedOrigin(req.headers.host, secure));
    },
  });

  let redisClients: { quit(): Promise<unknown> }[] = [];
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", (err) => opts.log("redis publisher error", err));
    sub.on("error", (err) => opts.log("redis subscriber error", err));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients = [pub, sub];
  }

  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const secure = (socket.handshake.headers["x-forwarded-proto"] ?? "").toString().startsWith("https");
      const identity = await opts.authenticate({ cookie: socket.handshake.headers.cookie, token, secure });
      if (token && !identity.actor) return next(new Error("invalid token"));
      Object.assign(socket.data, identity);
      socket.data.personKey = identity.actor ? `u:${identity.actor.id}` : `s:${socket.id}`;
      next();
    } catch (err) {
      opts.log("socket authentication failed", err);
      next(new Error("authentication failed"));
    }
  });

  let online = 0;
  let pending: NodeJS.Timeout | undefined;
  // Presence is recounted across every node (fetchSockets goes through the
  // adapter) and sent to everyone, debounced so that a burst of connections
  // (a town hall starting, a network blip reconnecting hundreds) costs one
  // count a second, not one per connection.
  const schedulePresence = () => {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = undefined;
      try {
        const sockets = await io.fetchSockets();
        online = new Set(sockets.map((s) => s.data.personKey)).size;
        io.emit("presence:online", { count: online });
      } catch (err) {
        opts.log("presence count failed", err);
      }
    }, 1000);
  };

  // People present in a town hall, counted across nodes and debounced per room.
  const roomTimers = new Map<string, NodeJS.Timeout>();
  const scheduleRoomPresence = (room: string) => {
    if (roomTimers.has(room)) return;
    roomTimers.set(
      room,
      setTimeout(async () => {
        roomTimers.delete(room);
        try {
          const sockets = await io.in(room).fetchSockets();
          const count = new Set(sockets.map((s) => s.data.personKey)).size;
          (io.to(room).emit as (ev: string, p: unknown) => boolean)("townhall:presence", { townhallId: room.slice("townhall:".length), count });
        } catch (err) {
          opts.log("town hall presence failed", err);
        }
      }, 1000),
    );
  };

  io.on("connection", (socket: ForumSocket) => {
    if (socket.data.actor) void socket.join(userRoom(socket.data.actor.id));
    schedulePresence();
    socket.emit("presence:online", { count: Math.max(online, 1) });

    socket.on("subscribe", async (payload, ack) => {
      const parsed = subscribeSchema.safeParse(payload);
      if (!parsed.success) {
        ack?.({ ok: false, error: { code: "invalid", message: Object.values(fieldErrorsOf(parsed.error)).flat().join(" ") } });
        return;
      }
      try {
        await authorizeRoom(socket.data.actor, parsed.data.room);
        await socket.join(parsed.data.room);
        ack?.({ ok: true });
        if (parsed.data.room.startsWith("townhall:")) scheduleRoomPresence(parsed.data.room);
      } catch (err) {
        replyError(ack, err);
      }
    });

    socket.on("unsubscribe", async (payload, ack) => {
      const parsed = subscribeSchema.safeParse(payload);
      if (parsed.success) await socket.leave(parsed.data.room);
      ack?.({ ok: true });
      if (parsed.success && parsed.data.room.startsWith("townhall:")) scheduleRoomPresence(parsed.data.room);
    });

    // socket.rooms is emptied after "disconnect"; "disconnecting" still has them.
    socket.on("disconnecting", () => {
      for (const room of socket.rooms) if (room.startsWith("townhall:")) scheduleRoomPresence(room);
    });
    socket.on("disconnect", schedulePresence);
  });

  const access = accessControl(io, opts);

  return {
    io,
    access: access.subscriber,
    onlineCount: () => online,
    close: async () => {
      access.stop();
      if (pending) clearTimeout(pending);
      for (const t of roomTimers.values()) clearTimeout(t);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
