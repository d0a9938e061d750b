import { useFetcher } from "@remix-run/react";
/** What the viewer may do with votes on the whole page (the loader asks the policies). */
export interface VotePermissions {
  signedIn: boolean;
  /** Downvoting is a privilege earned with reputation... */
  canDownvote: boolean;
  /** ...at this many points. */
  downvoteThreshold: number;
}

interface Props extends VotePermissions {
  target: "question" | "answer";
  id: string;
  score: number;
  myVote: number;
  canVote: boolean;
}

/** Up and down votes as small forms: they work without JavaScript, and without a reload with it. */
export function VoteControls({ target, id, score, myVote, canVote, signedIn, canDownvote, downvoteThreshold }: Props) {
  const fetcher = useFetcher<{ score?: number; value?: number }>();
  const pendingValue = fetcher.formData ? Number(fetcher.formData.get("value")) : null;
  const current = pendingValue ?? myVote;
  const shown = fetcher.data?.score ?? score;
  const title = canVote ? undefined : signedIn ? "You can't vote on your own post" : "Log in to vote";
  const button = (value: 1 | -1, label: string, glyph: string) => {
    const active = current === value;
    // Withdrawing a downvote stays possible even after losing the privilege.
    const allowed = canVote && (value === 1 || canDownvote || active);
    return (
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="vote" />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="value" value={active ? 0 : value} />
        <button
          type="submit"
          disabled={!allowed}
          title={canVote && !allowed ? `Downvoting needs ${downvoteThreshold} reputation` : title}
          aria-label={active ? `Withdraw ${label}` : label}
          aria-pressed={active}
          className={`flex h-9 w-9 items-center justify-center rounded-full border text-lg transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${
            active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-600 hover:border-brand-400 hover:text-brand-700"
          }`}
        >
          <span aria-hidden="true">{glyph}</span>
        </button>
      </fetcher.Form>
    );
  };
  return (
    <div className="flex flex-col items-center gap-1" data-testid={`votes-${target}-${id}`}>
      {button(1, "Upvote", "▲")}
      <span className="text-lg font-semibold text-slate-800" data-testid="score" aria-label={`Score ${shown}`}>
        {shown}
      </span>
      {button(-1, "Downvote", "▼")}
    </div>
  );
}
