import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { badgeBySlug } from "~/domain/badges/definitions";
import { useSocket } from "~/realtime/client";

interface Toast {
  id: string;
  slug: string;
  name: string;
}

/** Tells a member the moment the badge job awards them a badge, whatever page they are on. */
export function BadgeToasts() {
  const socket = useSocket();
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    if (!socket) return;
    const onNotification = (p: { id: string; kind: string; subject?: string | null }) => {
      if (p.kind !== "badge" || !p.subject) return;
      const slug = p.subject;
      const name = badgeBySlug(slug)?.name ?? slug;
      setToasts((prev) => [...prev.filter((t) => t.id !== p.id), { id: p.id, slug, name }].slice(-3));
      setTimeout(() => setToasts((prev) => prev.filter((t) => t.id !== p.id)), 10_000);
    };
    socket.on("notification:created", onNotification);
    return () => {
      socket.off("notification:created", onNotification);
    };
  }, [socket]);
  return (
    <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {toasts.map((t) => (
        <div key={t.id} role="status" data-testid="badge-toast" className="pointer-events-auto flex items-start gap-3 rounded-lg border border-amber-200 bg-white p-4 shadow-lg">
          <span className="mt-0.5 inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-amber-100 text-amber-700" aria-hidden="true">
            ★
          </span>
          <div className="min-w-0 flex-1 text-sm">
            <p className="font-semibold text-slate-900">New badge: {t.name}</p>
            <Link to={`/badges/${t.slug}`} className="link">
              See the badge
            </Link>
          </div>
          <button type="button" className="text-slate-500 hover:text-slate-700" aria-label="Dismiss" onClick={() => setToasts((prev) => prev.filter((x) => x.id !== t.id))}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
