/**
 * Response headers that keep the forum's pages from being framed, sniffed or
 * made to run someone else's script: helmet, with a Content-Security-Policy
 * whose script nonce is new on every request (Remix's inline scripts carry
 * it; nothing else inline may run). server.ts mounts it before every route.
 */
import type { RequestHandler } from "express";
import helmet from "helmet";

/** Where embedded players may come from: the same hosts `streamEmbed` rebuilds town-hall (and tutorial) embeds for. */
export const embedOrigins = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];

const common = {
  // Embeds from YouTube and Vimeo do not send CORP headers.
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: "same-origin" as const },
  referrerPolicy: { policy: "strict-origin-when-cross-origin" as const },
  // Sent only over HTTPS (server.ts strips it from plain-HTTP answers): a local http:// forum must stay reachable.
  strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  xFrameOptions: { action: "deny" as const },
};

/**
 * For the JSON API: the same headers with a fixed policy that allows nothing
 * (a JSON answer opened as a page runs no script), and no nonce to make.
 */
export function apiSecurityHeaders(): RequestHandler {
  const middleware = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  // The same headers on every API answer: worked out once by running helmet on a stand-in
  // response, then copied, so the hottest path pays a loop of setHeader and nothing more.
  const headers: [string, string][] = [];
  const removed = new Set<string>();
  const standIn = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: (name: string) => void removed.add(name.toLowerCase()),
  };
  middleware({ secure: false } as never, standIn as never, () => undefined);
  const fixed = headers.filter(([name]) => !removed.has(name.toLowerCase()));
  return (_req, res, next) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    res.removeHeader("X-Powered-By");
    next();
  };
}

export function securityHeaders(opts: { development: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        scriptSrcAttr: ["'none'"],
        // React and the charts set style attributes; no script can ride on a style.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:", "https:"],
        // A town hall's HLS stream is a URL staff enter: any https origin.
        mediaSrc: ["'self'", "blob:", "https:"],
        frameSrc: embedOrigins,
        // socket.io is same-origin; the dev server's live reload listens on its own port.
        connectSrc: opts.development ? ["'self'", "ws:", "wss:"] : ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    ...common,
  });
}
