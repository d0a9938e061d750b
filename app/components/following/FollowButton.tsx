import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

export type FollowType = "question" | "category" | "tag";

const nouns: Record<FollowType, string> = { question: "question", category: "category", tag: "tag" };

/**
 * Follow or stop following one question, category or tag. Posts to the
 * Following page's action: with JavaScript through a fetcher (the page stays
 * put and the button flips at once), without it as a plain form that comes
 * back to this page (the `back` field, sent only before hydration).
 */
export function FollowButton({ type, id, watching, back, name }: { type: FollowType; id: string; watching: boolean; back: string; name?: string }) {
  const fetcher = useFetcher();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const pending = fetcher.formData?.get("intent");
  const following = pending ? pending === "follow" : watching;
  const what = name ? `${nouns[type]} ${name}` : `this ${nouns[type]}`;
  return (
    <fetcher.Form method="post" action="/following" className="inline-block">
      <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="key" value={id} />
      {hydrated ? null : <input type="hidden" name="back" value={back} />}
      <button
        type="submit"
        className={following ? "btn-secondary px-3 py-1.5 text-sm" : "btn-primary px-3 py-1.5 text-sm"}
        title={following ? `Stop following ${what}` : `Get a notification for new posts in ${what}`}
        data-testid="follow-button"
        data-watching={following ? "true" : "false"}
      >
        {following ? "Unfollow" : "Follow"}
      </button>
      <span className="sr-only" role="status">
        {fetcher.state === "idle" && fetcher.data ? (following ? `You follow ${what}.` : `You no longer follow ${what}.`) : ""}
      </span>
    </fetcher.Form>
  );
}
