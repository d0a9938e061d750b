import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useSocket } from "./client";
import type { ServerToClientEvents } from "./events";

type EventName = keyof ServerToClientEvents;

/** Joins a room while the component is mounted (and again after a reconnect). */
export function useRoom(room: string | null) {
  const socket = useSocket();
  useEffect(() => {
    if (!socket || !room) return;
    const join = () => socket.emit("subscribe", { room });
    join();
    socket.on("connect", join);
    return () => {
      socket.off("connect", join);
      socket.emit("unsubscribe", { room });
    };
  }, [socket, room]);
}

/**
 * Refetches the page's data when any of these change notices arrives:
 * sockets carry ids only, the loaders decide what the viewer may see.
 */
export function useRevalidateOn(events: EventName[], filter?: (payload: { questionId?: string }) => boolean) {
  const socket = useSocket();
  const { revalidate } = useRevalidator();
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const key = events.join(",");
  useEffect(() => {
    if (!socket) return;
    const handler = (payload: { questionId?: string }) => {
      if (!filterRef.current || filterRef.current(payload)) revalidate();
    };
    const names = key.split(",") as EventName[];
    for (const name of names) socket.on(name, handler as never);
    return () => {
      for (const name of names) socket.off(name, handler as never);
    };
  }, [socket, key, revalidate]);
}

/** Counts notices of new questions since the list was loaded. */
export function useNewQuestions(category: string | null) {
  const socket = useSocket();
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    if (!socket) return;
    const onCreated = (p: { questionId: string; category: string }) => {
      if (category && p.category !== category) return;
      setIds((prev) => (prev.includes(p.questionId) ? prev : [...prev, p.questionId]));
    };
    socket.on("question:created", onCreated);
    return () => {
      socket.off("question:created", onCreated);
    };
  }, [socket, category]);
  return { count: ids.length, reset: () => setIds([]) };
}
