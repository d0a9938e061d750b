import { Link } from "@remix-run/react";
import { describeEvent } from "~/domain/reputation/describe";
import { RelativeTime } from "../RelativeTime";
import { Section } from "./Section";

export interface HistoryEvent {
  id: string;
  points: number;
  kind: string;
  reverses: string | null;
  reason: string | null;
  createdAt: string;
  post: { url: string; title: string } | null;
}

/** What earned (or cost) the member their latest points. */
export function ReputationHistory({ history }: { history: HistoryEvent[] }) {
  return (
    <Section title="Reputation history">
      {history.length ? (
        <ul className="divide-y divide-slate-100" data-testid="reputation-history">
          {history.map((e) => (
            <li key={e.id} className="flex min-w-0 items-start gap-3 py-2 text-sm">
              <span className={`mt-0.5 min-w-[2.75rem] shrink-0 text-right font-semibold tabular-nums ${e.points > 0 ? "text-emerald-700" : e.points < 0 ? "text-rose-700" : "text-slate-500"}`}>
                {e.points > 0 ? `+${e.points}` : e.points}
              </span>
              <div className="min-w-0 flex-1">
                <div className="break-words text-slate-700">{describeEvent(e.kind, e.reverses, e.reason)}</div>
                <div className="truncate text-xs text-slate-500">
                  {e.post ? (
                    <Link to={e.post.url} className="hover:text-brand-700">
                      {e.post.title}
                    </Link>
                  ) : null}{" "}
                  <RelativeTime iso={e.createdAt} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">Nothing earned yet.</p>
      )}
    </Section>
  );
}
