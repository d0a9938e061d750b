import { canListenAsUser, canReadCases, canReview, type Actor } from "~/auth/policies";
import { ForbiddenError } from "~/domain/errors";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { loadTownhall } from "~/domain/townhalls/townhalls.server";

export function userRoom(userId: string) {
  return `user:${userId}`;
}

/**
 * May this actor listen in this room? A question's room is open to whoever may
 * read the question (not deleted, unless staff; not in a category hidden from
 * them, which answers "not found" like a missing question); a user room
 * belongs to its user alone.
 */
export async function authorizeRoom(actor: Actor | null, room: string) {
  const [kind, id] = room.split(":");
  if (kind === "user") {
    if (!canListenAsUser(actor, id ?? "")) throw new ForbiddenError("That room is private.");
    return;
  }
  if (room === "staff:review") {
    if (!canReview(actor)) throw new ForbiddenError("That room is for staff.");
    return;
  }
  if (kind === "staff") {
    // The staff queue names escalated questions and who holds them.
    if (!canReadCases(actor)) throw new ForbiddenError("That room is for staff.");
    return;
  }
  if (kind === "question") {
    await requireReadableQuestion(actor, id ?? "");
  }
  if (kind === "townhall") {
    // Town halls are public events; what each listener may see is filtered when it is sent.
    await loadTownhall(id ?? "");
  }
}
