import { useEffect, useReducer, useState } from "react";
import { useSocket } from "~/realtime/client";
import type { TownhallQuestionEvent } from "~/realtime/events";
import { useRoom } from "~/realtime/hooks";
import { fromSnapshot, liveReducer, type LiveChatMessage, type LiveNotice, type LiveSnapshot, type WaitingNotice } from "./live-state";

interface PageData extends LiveSnapshot {
  sort: "votes" | "newest";
  can: { run: boolean };
}

/**
 * The page's snapshot kept live by the town hall's socket notices. Every
 * (re)connection reads a fresh snapshot once it has joined the room, closing
 * the gap since the page or the last snapshot was read (see live-state.ts).
 */
export function useLiveTownhall(data: PageData) {
  const socket = useSocket();
  const [live, dispatch] = useReducer(liveReducer, data, fromSnapshot);
  const [present, setPresent] = useState<number | null>(null);
  useEffect(() => dispatch({ type: "reset", snapshot: data }), [data]);
  // Joined before the listeners below are set up, so a reconnect rejoins before it resyncs.
  useRoom(`townhall:${data.townhall.id}`);
  useRoom(data.can.run ? "staff:queue" : null);
  const id = data.townhall.id;
  useEffect(() => {
    if (!socket) return;
    // While a resync is in flight, notices wait here.
    let waiting: WaitingNotice[] | null = null;
    const deliver = (notice: LiveNotice, at: number | undefined) => {
      if (waiting) waiting.push({ at: at ?? Date.now(), notice });
      else dispatch({ type: "notice", notice });
    };
    const resync = async () => {
      waiting = [];
      try {
        const res = await fetch(`/api/v1/townhalls/${id}?sort=${data.sort}`, { headers: { Accept: "application/json" } });
        if (!res.ok) return;
        const fresh = (await res.json()) as LiveSnapshot & { snapshotAt: number };
        dispatch({ type: "resync", fresh, waiting: [...waiting] });
      } finally {
        waiting = null;
      }
    };
    const onConnect = () => void resync();
    const onState = (payload: Extract<LiveNotice, { type: "state" }>["payload"]) => payload.townhallId === id && deliver({ type: "state", payload }, payload.at);
    const onQuestion = (payload: TownhallQuestionEvent) => payload.townhallId === id && deliver({ type: "question", payload }, payload.at);
    // Chat messages never wait: the snapshot's chat replaces the list anyway.
    const onChat = (p: { townhallId: string; message: Record<string, unknown> }) =>
      p.townhallId === id && dispatch({ type: "notice", notice: { type: "chat", message: p.message as unknown as LiveChatMessage } });
    const onPresence = (p: { townhallId: string; count: number }) => p.townhallId === id && setPresent(p.count);
    socket.on("connect", onConnect);
    if (socket.connected) void resync();
    socket.on("townhall:state", onState);
    socket.on("townhall:question", onQuestion);
    socket.on("townhall:chat", onChat);
    socket.on("townhall:presence", onPresence);
    return () => {
      socket.off("connect", onConnect);
      socket.off("townhall:state", onState);
      socket.off("townhall:question", onQuestion);
      socket.off("townhall:chat", onChat);
      socket.off("townhall:presence", onPresence);
    };
  }, [socket, id, data.sort]);
  return { ...live, present };
}
