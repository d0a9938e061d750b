import { Link } from "@remix-run/react";
import type { QuestionPage } from "~/domain/questions/get.server";
import { isDeletedUsername, shownName } from "~/domain/accounts/present";
import { Avatar } from "../Avatar";
import { RelativeTime } from "../RelativeTime";
import { RoleBadge } from "../RoleBadge";

/** Who wrote a post and when, under the post. */
export function Byline({ author, createdAt, edited, verb }: { author: QuestionPage["question"]["author"]; createdAt: string; edited: boolean; verb: string }) {
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
      <Avatar username={author.username} size="sm" src={author.avatarUrl} />
      {isDeletedUsername(author.username) ? (
        <span className="min-w-0 font-medium italic text-slate-600">{shownName(author.username)}</span>
      ) : (
        <Link to={author.url} className="min-w-0 font-medium text-slate-800 [overflow-wrap:anywhere] hover:underline">
          {author.username}
        </Link>
      )}
      <RoleBadge role={author.role} />
      <span className="text-slate-500">·</span>
      <span>
        {verb} <RelativeTime iso={createdAt} />
        {edited ? " (edited)" : ""}
      </span>
    </div>
  );
}
