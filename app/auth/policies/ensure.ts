import { ForbiddenError, UnauthenticatedError, type DomainError } from "~/domain/errors";
import { can, type Actor, type Permission, type Viewer } from "./actor";

/**
 * Guards that throw, for domain functions: `ensure(canAnswer(me, q), "...")`.
 * A refusal is a 403 with the message given, or the error given (a 404 where
 * saying "forbidden" would reveal that the row exists).
 */
export function ensure(allowed: boolean, refusal: string | (() => DomainError) = "You are not allowed to do that."): void {
  if (allowed) return;
  throw typeof refusal === "string" ? new ForbiddenError(refusal) : refusal();
}

/** Signed in, or 401. */
export function ensureSignedIn(actor: Viewer, message?: string): Actor {
  if (!actor) throw new UnauthenticatedError(message);
  return actor;
}

/** Signed in (401) and holding the permission (403). */
export function ensureCan(actor: Viewer, permission: Permission, message?: string): Actor {
  const me = ensureSignedIn(actor);
  if (!can(me, permission)) throw new ForbiddenError(message);
  return me;
}
