import type { Actor } from "~/auth/permissions";
import { ForbiddenError } from "~/domain/errors";

export function userRoom(userId: string) {
  return `user:${userId}`;
}

/**
 * May this actor listen in this room? Public rooms are open to anyone who may
 * read their page; a user room belongs to its user alone.
 */
export async function authorizeRoom(actor: Actor | null, room: string) {
  const [kind, id] = room.split(":");
  if (kind === "user") {
    if (!actor || actor.id !== id) throw new ForbiddenError("That room is private.");
    return;
  }
  // question: and townhall: rooms are public; visibility checks arrive with those capabilities.
}
