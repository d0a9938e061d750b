import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SocketContext = createContext<ClientSocket | null>(null);

/** One socket per tab, opened after hydration; pages without JS simply have none. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<ClientSocket | null>(null);
  useEffect(() => {
    const s: ClientSocket = io({ transports: ["websocket", "polling"], withCredentials: true });
    setSocket(s);
    return () => {
      s.disconnect();
    };
  }, []);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

export function useSocket() {
  return useContext(SocketContext);
}

export function useOnlineCount(initial: number) {
  const socket = useSocket();
  const [count, setCount] = useState(initial);
  useEffect(() => {
    if (!socket) return;
    const onPresence = ({ count }: { count: number }) => setCount(count);
    socket.on("presence:online", onPresence);
    return () => {
      socket.off("presence:online", onPresence);
    };
  }, [socket]);
  return count;
}
