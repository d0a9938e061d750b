import { inject } from "vitest";

/**
 * A small API client that behaves like a browser-less integration: it keeps
 * the session cookie it is given and sends our Origin on mutations, as our
 * own pages do.
 */
export class ApiClient {
  cookie: string | null = null;
  token: string | null = null;
  origin: string | null;
  readonly baseUrl: string;

  constructor(opts: { sameOrigin?: boolean } = {}) {
    this.baseUrl = inject("env").baseUrl;
    this.origin = opts.sameOrigin === false ? null : this.baseUrl;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { Accept: "application/json", ...headers };
    // Bytes (an image upload) go as they are; anything else as JSON.
    const raw = body instanceof Uint8Array;
    if (body !== undefined && !raw) h["Content-Type"] = "application/json";
    if (this.cookie) h.Cookie = this.cookie;
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (this.origin && method !== "GET" && !("Origin" in headers)) h.Origin = this.origin;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : raw ? new Blob([body as Uint8Array<ArrayBuffer>]) : typeof body === "string" ? body : JSON.stringify(body),
      redirect: "manual",
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0];
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return {
      status: res.status,
      headers: res.headers,
      text,
      json,
      /** The body as the shape the caller expects; the assertions that follow check it. */
      body<T = ApiErrorBody>() {
        return json as T;
      },
    };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, undefined, headers);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request("POST", path, body ?? {}, headers);
  }
  put(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request("PUT", path, body ?? {}, headers);
  }
  patch(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request("PATCH", path, body ?? {}, headers);
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request("DELETE", path, undefined, headers);
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

export interface UserBody {
  user: { id: string; username: string; role: string; reputation: number; url: string };
}

let counter = 0;
/** A unique, valid account for one test. */
export function newAccount(prefix = "user") {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4)}`;
  return { email: `${prefix}-${tag}@example.test`, username: `${prefix}_${tag}`.slice(0, 30), password: "a-long-password-1" };
}

export async function signedInClient(prefix = "user") {
  const client = new ApiClient();
  const account = newAccount(prefix);
  const res = await client.post("/api/v1/auth/signup", account);
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  return { client, account, user: res.body<UserBody>().user };
}
