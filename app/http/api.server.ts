import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isDomainError, UnauthenticatedError, ValidationError, type DomainError } from "~/domain/errors";
import { log } from "~/log.server";

type Args = LoaderFunctionArgs | ActionFunctionArgs;

export function apiError(err: DomainError, headers?: HeadersInit) {
  const fields = err instanceof ValidationError ? err.fields : "fields" in err ? (err as { fields?: unknown }).fields : undefined;
  const extra: Record<string, string> = {};
  if (err.code === "rate_limited" && "retryAfterSeconds" in err) extra["Retry-After"] = String(err.retryAfterSeconds);
  return json(
    { error: { code: err.code, message: err.message, ...(fields ? { fields } : {}) } },
    { status: err.status, headers: { ...extra, ...Object.fromEntries(new Headers(headers)) } },
  );
}

/**
 * Wraps a JSON API handler: domain errors become the contract's error shape,
 * anything else a logged 500 with a request id.
 */
export function api<A extends Args>(handler: (args: A) => Promise<Response>) {
  return async (args: A): Promise<Response> => {
    try {
      if (args.context.auth.badToken) throw new UnauthenticatedError("That access token is not valid.");
      return await handler(args);
    } catch (err) {
      if (err instanceof Response) throw err;
      if (isDomainError(err)) return apiError(err);
      log.error(`500 ${args.request.method} ${new URL(args.request.url).pathname} request=${args.context.requestId}`, err);
      return json(
        { error: { code: "internal", message: "Something went wrong on our side.", requestId: args.context.requestId } },
        { status: 500 },
      );
    }
  };
}

/** Reads a JSON body for a domain function to parse; malformed JSON is a 400 like any other bad input. */
export async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError({ _body: ["The request body is not valid JSON."] }, "The request body is not valid JSON.");
  }
}

export function methodNotAllowed(allowed: string[]) {
  return json(
    { error: { code: "method_not_allowed", message: `Use ${allowed.join(" or ")}.` } },
    { status: 405, headers: { Allow: allowed.join(", ") } },
  );
}

