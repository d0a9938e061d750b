import { newId } from "#db/ids";
import { flags, type ModeratedType } from "#db/schema";
import { canFlag, canSeeHiddenPost, ensure, ensureCan, flagWeight, hideWeight, type Actor } from "~/auth/policies";
import { db } from "#db/client.server";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { consume } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { now as clock } from "~/clock";
import type { Tx } from "#db/client.server";
import type { EventLog } from "~/domain/events/transact.server";
import type { FlagReason } from "#db/schema";
import { addWeight, pendingItemFor } from "./items.server";
import { flagSchema } from "./schemas";
import { hideForumPost, loadPost, setChatHidden, type ModeratedPost } from "./targets.server";

/**
 * A member flags a post. The flag joins the post's pending review item; when
 * the item's weight reaches the threshold the post is hidden at once, and its
 * author hears why. One flag per member per post: a second is a 409.
 */
export async function flagPost(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "post:flag");
  const data = parseInput(flagSchema, input);
  const post = await loadPost(db(), data.target, data.id);
  if (!post || post.deleted || !canSeeHiddenPost(me, post)) throw new NotFoundError(`No such ${data.target}.`);
  // A forum post is as readable as its question; a town hall (and its chat) is public.
  if (post.questionId) {
    await requireReadableQuestion(me, post.questionId).catch(() => {
      throw new NotFoundError(`No such ${data.target}.`);
    });
  }
  ensure(canFlag(me, post), "You can't flag your own post: edit or delete it instead.");
  await consume({ key: `flag:${me.id}`, max: 20, windowSeconds: 600 });
  return transact(async (tx, events) => {
    const result = await addFlagInTx(tx, events, me, post, data.reason, data.note ?? null);
    return { flag: { id: result.flagId, target: data.target, postId: data.id, reason: data.reason }, hidden: result.hidden };
  });
}

/** The flag row, the item's weight, and the hide when it tips over: shared with town-hall flags. */
export async function addFlagInTx(tx: Tx, events: EventLog, me: Actor, post: ModeratedPost, reason: FlagReason, note: string | null) {
  const item = await pendingItemFor(tx, { type: post.type, id: post.id, authorId: post.authorId }, "flags");
  const weight = flagWeight(me);
  const [flag] = await tx
    .insert(flags)
    .values({ id: newId(), reviewItemId: item.id, targetType: post.type as ModeratedType, targetId: post.id, userId: me.id, reason, note, weight, createdAt: clock() })
    .onConflictDoNothing()
    .returning({ id: flags.id });
  if (!flag) throw new ConflictError("You have already flagged this post.");
  const total = await addWeight(tx, item.id, weight);
  let hidden = false;
  if (total >= hideWeight() && !post.hidden && (post.type === "question" || post.type === "answer")) {
    await hideForumPost(tx, events, post);
    await notify(tx, events, [{ userId: post.authorId, kind: "post_hidden", questionId: post.questionId, answerId: post.type === "answer" ? post.id : null, subject: reason }]);
    hidden = true;
  }
  if (total >= hideWeight() && !post.hidden && post.type === "chat_message") {
    await setChatHidden(tx, events, post, true);
    hidden = true;
  }
  events.record({ type: "review.changed", itemId: item.id });
  return { flagId: flag.id, itemId: item.id, hidden };
}
