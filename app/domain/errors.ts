/**
 * Errors that domain functions throw. Every transport (Remix pages, the JSON
 * API, socket handlers) turns them into its own shape, so the rule that
 * raised one is written once.
 */
export type FieldErrors = Record<string, string[]>;

export type ErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "suspended"
  | "password_sign_in_disabled";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly fields: FieldErrors,
    message = "Some fields need attention.",
  ) {
    super("invalid", 400, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to do that.") {
    super("unauthenticated", 401, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do that.") {
    super("forbidden", 403, message);
  }
}

/**
 * A suspended member is signed in but read only: every write refuses with
 * this, naming when it ends and why, so they need not ask staff.
 */
export class SuspendedError extends DomainError {
  constructor(
    readonly until: string,
    readonly reason: string,
  ) {
    // The API has no viewer zone: UTC, to the minute ("2026-12-10 09:30 UTC").
    super("suspended", 403, `Your account is suspended until ${until.slice(0, 16).replace("T", " ")} UTC. Reason: ${reason}`);
  }
}

/** With OIDC_ONLY, accounts sign in through the identity provider: password login and sign-up are off. */
export class PasswordSignInDisabledError extends DomainError {
  constructor(message = "Password sign-in is turned off here: sign in with single sign-on.") {
    super("password_sign_in_disabled", 403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found.") {
    super("not_found", 404, message);
  }
}

export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super("conflict", 409, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many attempts. Please wait and try again.",
  ) {
    super("rate_limited", 429, message);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** Guard that throws: `invariant(question, () => new NotFoundError())`. */
export function invariant(condition: unknown, error: () => DomainError): asserts condition {
  if (!condition) throw error();
}
