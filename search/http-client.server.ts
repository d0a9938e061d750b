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
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init?.method ?? "GET", headers, agent: agents[url.protocol as keyof typeof agents], signal: init?.signal ?? undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch (err) {
            return reject(err);
          }
          const status = res.statusCode ?? 500;
          if (status >= 300) return reject(new MeiliHttpError(status, parsed as MeiliHttpError["body"]));
          resolve(parsed);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
