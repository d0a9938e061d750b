/**
 * The "restricted" notification: staff suspended or silenced the member, or
 * lifted it. The notification stores only which (its subject); the end and
 * the reason are on the banner every page shows while it lasts, so they are
 * never read stale from here.
 */
const sentences: Record<string, string> = {
  suspended: "Staff suspended your account: you can read, but not post, vote or change anything until it ends. The banner at the top of each page says until when and why.",
  silenced: "Staff silenced your account: what you post waits for a moderator's review before others see it. The banner at the top of each page says until when and why.",
  suspended_lifted: "Staff lifted the suspension on your account: you can post again.",
  silenced_lifted: "Staff lifted the silence on your account: your posts appear at once again.",
};

export function RestrictionNotification({ subject, by }: { subject: string | null; by: string | null }) {
  return (
    <p>
      {sentences[subject ?? ""] ?? "Staff changed what your account may do."}
      {by ? <span className="text-slate-500"> ({by})</span> : null}
    </p>
  );
}
