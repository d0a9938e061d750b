import { ForbiddenError, SuspendedError, UnauthenticatedError, type DomainError } from "~/domain/errors";
import { can, type Actor, type Permission, type Viewer } from "./actor";
import { activeSuspension, isReadPermission } from "./restriction";

/**
 * Guards that throw, for domain functions: `ensure(canAnswer(me, q), "...")`.
 * A refusal is a 403 with the message given, or the error given (a 404 where
 * saying "forbidden" would reveal that the row exists).
 */
export function ensure(allowed: boolean, refusal: string | (() => DomainError) = "You are not allowed to do that."): void {
  if (allowed) return;
  throw typeof refusal === "string" ? new ForbiddenError(refusal) : refusal();
}

/** Signed in, or 401. For reads, and for the few writes a suspended member keeps (logging out, marking notifications read). */
export function ensureSignedIn(actor: Viewer, message?: string): Actor {
  if (!actor) throw new UnauthenticatedError(message);
  return actor;
}

/** Not suspended, or 403 `suspended`: the one check every write passes through. */
function ensureNotSuspended(me: Actor): Actor {
  const suspension = activeSuspension(me);
  if (suspension) throw new SuspendedError(suspension.until, suspension.reason);
  return me;
}

/** Signed in (401) and not suspended (403 `suspended`): the guard for every command that writes. */
export function ensureActive(actor: Viewer, message?: string): Actor {
  return ensureNotSuspended(ensureSignedIn(actor, message));
}

/**
 * Signed in (401) and holding the permission (403). Any permission but a
 * read one is a write, so a suspended actor is refused it (403 `suspended`).
 */
export function ensureCan(actor: Viewer, permission: Permission, message?: string): Actor {
  const me = ensureSignedIn(actor);
  if (!can(me, permission)) throw new ForbiddenError(message);
  return isReadPermission(permission) ? me : ensureNotSuspended(me);
}

/**
 * Holding a write permission, to read what it manages (the webhook list,
 * one's own tokens): a suspended actor still reads them.
 */
export function ensureCanRead(actor: Viewer, permission: Permission, message?: string): Actor {
  const me = ensureSignedIn(actor);
  if (!can(me, permission)) throw new ForbiddenError(message);
  return me;
}
