import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Actor } from "~/auth/permissions";
import { isDomainError } from "~/domain/errors";

/** Pages send a signed-out visitor to log in and back; the API answers 401 instead. */
export function requireSignedIn(request: Request, context: AppLoadContext): Actor {
  const actor = context.auth.actor;
  if (actor) return actor;
  const url = new URL(request.url);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** For page loaders: a domain refusal becomes the status page the ErrorBoundary shows. */
export function throwAsResponse(err: unknown): never {
  if (isDomainError(err)) throw new Response(err.message, { status: err.status });
  throw err;
}
