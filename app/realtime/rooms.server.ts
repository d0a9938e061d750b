import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { questions } from "#db/schema";
import { canSeeDeleted, type Actor } from "~/auth/permissions";
import { ForbiddenError, NotFoundError } from "~/domain/errors";

export function userRoom(userId: string) {
  return `user:${userId}`;
}

/**
 * May this actor listen in this room? A question's room is open to whoever may
 * read the question; a user room belongs to its user alone.
 */
export async function authorizeRoom(actor: Actor | null, room: string) {
  const [kind, id] = room.split(":");
  if (kind === "user") {
    if (!actor || actor.id !== id) throw new ForbiddenError("That room is private.");
    return;
  }
  if (kind === "question") {
    const [q] = await db().select({ deletedAt: questions.deletedAt }).from(questions).where(eq(questions.id, id));
    if (!q || (q.deletedAt && !canSeeDeleted(actor))) throw new NotFoundError("No such question.");
  }
  // feed:questions is public; townhall rooms get their checks with town halls.
}
