/**
 * How an account is named and shown: pure, so that every capability (badges,
 * questions, the leaderboards) can present a member without importing the
 * accounts queries, and the profile can list badges without a circle.
 */
import type { User } from "#db/schema";
import type { Actor } from "~/auth/policies";

/** A deleted account keeps its row (its posts and ledger need an author) under a name only deletion gives: sign-up refuses the prefix. */
export const DELETED_PREFIX = "deleted-";
export const DELETED_DISPLAY_NAME = "deleted user";

export function isDeletedUsername(username: string) {
  return username.toLowerCase().startsWith(DELETED_PREFIX);
}

/** The name a member goes by on a page: "deleted user" once the account is gone. */
export function shownName(username: string) {
  return isDeletedUsername(username) ? DELETED_DISPLAY_NAME : username;
}

/** A member's profile page, or null for a deleted account (it has none). */
export function profileUrl(username: string): string | null {
  return isDeletedUsername(username) ? null : userUrl(username);
}

export function userUrl(username: string) {
  return `/u/${encodeURIComponent(username)}`;
}

/** Where a stored avatar is served (its file name is random, so the URL changes with the image and may be cached for good). */
export function avatarUrl(avatarPath: string | null | undefined): string | null {
  if (!avatarPath) return null;
  return `/avatars/${avatarPath.split("/").pop()}`;
}

/** What anyone may see of an account. */
export function publicUser(user: Pick<User, "id" | "username" | "role" | "reputation" | "createdAt">) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    reputation: user.reputation,
    createdAt: user.createdAt.toISOString(),
    url: userUrl(user.username),
  };
}
export type PublicUser = ReturnType<typeof publicUser>;

export function toActor(user: Pick<User, "id" | "username" | "role" | "reputation">): Actor {
  return { id: user.id, username: user.username, role: user.role, reputation: user.reputation };
}
