import { setMaxListeners } from "node:events";
import http from "node:http";
import https from "node:https";

/**
 * How the Meilisearch client talks to Meilisearch: `node:http` with kept-alive
 * connections instead of the global `fetch`. Every search pays for its HTTP
 * round trip on the app's one event loop; `fetch` asks for gzip (so each
 * answer was compressed by Meilisearch and inflated here) and reads through
 * web streams, which together cost more than the rest of a search request.
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** What the client reports when Meilisearch answers with an error: its own message and code. */
export class MeiliHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string; code?: string } | undefined,
  ) {
    super(body?.message ?? `Meilisearch answered ${status}`);
    this.name = "MeiliHttpError";
  }
}

export function meiliHttpClient(input: RequestInfo | URL, init?: RequestInit): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
  const body = typeof init?.body === "string" ? Buffer.from(init.body) : undefined;
  if (body) headers["content-length"] = String(body.length);
  const request = url.protocol === "https:" ? https.request : http.request;
  const signal = init?.signal ?? undefined;
  // meilisearch 0.62 leaves one listener of its own on a waitTask's signal per poll, until the
  // wait ends and the signal goes; a long wait (a reindex) passes ten and Node would warn of a leak.
  if (signal) setMaxListeners(0, signal);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // The client shares one signal across a whole waitTask's polls: listen per request and let go
    // when it ends (handing the signal to http.request would leave a listener per poll behind).
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    const settle = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
      signal?.removeEventListener("abort", onAbort);
      fn(...args);
    };
    const done = settle(resolve);
    const fail = settle(reject);
    const req = request(url, { method: init?.method ?? "GET", headers, agent: agents[url.protocol as keyof typeof agents] }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", fail);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown;
        try {
          parsed = text === "" ? undefined : JSON.parse(text);
        } catch (err) {
          return fail(err);
        }
        const status = res.statusCode ?? 500;
        if (status >= 300) return fail(new MeiliHttpError(status, parsed as MeiliHttpError["body"]));
        done(parsed);
      });
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", fail);
    req.end(body);
  });
}
