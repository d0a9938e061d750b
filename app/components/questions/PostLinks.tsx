import { Form, Link } from "@remix-run/react";
import { FlagMenu } from "../moderation/FlagMenu";

/** Edit, History and Delete under a post, for whoever may use them. */
export function PostLinks({
  kind,
  id,
  canEdit,
  edited,
  canDelete,
  flag,
}: {
  kind: "question" | "answer";
  id: string;
  canEdit: boolean;
  edited: boolean;
  canDelete: boolean;
  /** Offered to members who may flag it; `flagged` once they have. */
  flag?: { can: boolean; flagged: boolean };
}) {
  const base = kind === "question" ? `/q/${id}` : `/a/${id}`;
  return (
    <>
      {canEdit ? (
        <Link to={`${base}/edit`} className="link">
          Edit
        </Link>
      ) : null}
      {edited ? (
        <Link to={`${base}/revisions`} className="link">
          History
        </Link>
      ) : null}
      {canDelete ? (
        <Form method="post" onSubmit={(e) => !confirm(`Delete this ${kind}?`) && e.preventDefault()}>
          <input type="hidden" name="intent" value={`delete-${kind}`} />
          {kind === "answer" ? <input type="hidden" name="answerId" value={id} /> : null}
          <button type="submit" className="font-medium text-rose-700 hover:underline">
            Delete
          </button>
        </Form>
      ) : null}
      {flag && (flag.can || flag.flagged) ? <FlagMenu target={kind} id={id} flagged={flag.flagged} /> : null}
    </>
  );
}
