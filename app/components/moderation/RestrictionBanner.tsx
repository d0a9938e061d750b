import { LocalTime } from "~/components/TimeZone";

interface Restriction {
  until: string;
  reason: string;
}

/**
 * Shown on every page while staff have suspended or silenced the member
 * reading it: what they can still do, until when (in their own zone) and
 * why, so a refused write is never a surprise. Dark text on a pale fill for
 * contrast; it wraps on a narrow phone rather than scrolling sideways.
 */
export function RestrictionBanner({ suspended, silenced }: { suspended: Restriction | null; silenced: Restriction | null }) {
  if (!suspended && !silenced) return null;
  return (
    <div role="region" aria-label="Account restriction" className="border-b border-rose-300 bg-rose-50 px-4 py-2 text-sm text-rose-950" data-testid="restriction-banner">
      <div className="mx-auto max-w-6xl space-y-1 break-words">
        {suspended ? (
          <p>
            <strong className="font-semibold">Your account is suspended</strong> until <LocalTime iso={suspended.until} />: you can read, but not post, vote or change anything.
            Reason: {suspended.reason}
          </p>
        ) : null}
        {silenced ? (
          <p>
            <strong className="font-semibold">Your account is silenced</strong> until <LocalTime iso={silenced.until} />: what you post waits for a moderator before others see it.
            Reason: {silenced.reason}
          </p>
        ) : null}
      </div>
    </div>
  );
}
