import { isRouteErrorResponse } from "@remix-run/react";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { log } from "./log.server";
import { NonceProvider } from "./nonce";

// server.ts takes the runtime from this module, so that the server and the
// routes share one instance of every module (database, search, sockets).
export { runtime } from "./runtime.server";

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // An unknown URL is a 404 the page answers, not a server fault worth a log line.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const requestId = (context as AppLoadContext | undefined)?.requestId ?? "-";
  log.error(`500 ${request.method} ${new URL(request.url).pathname} request=${requestId}`, error);
};

/**
 * Renders the whole page to a string: no route here defers data, and one
 * string is markedly cheaper than a stream piped through two stream types.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
