/**
 * The OpenID Connect half of single sign-on: the authorization code flow with
 * PKCE, state and nonce (openid-client does the protocol and checks the ID
 * token). Which forum account the person is, is decided by the domain
 * (app/domain/accounts/single-sign-on.server.ts).
 *
 * Between the redirect to the provider and the callback, the state, nonce and
 * PKCE verifier wait in a short-lived httpOnly cookie, HMAC-signed with a key
 * kept in app_secrets: nothing is stored per attempt, and a cookie made or
 * changed by anyone else is refused like a missing one.
 *
 * The provider's metadata is discovered on first use and kept; when the
 * provider cannot be reached the sign-in pages still render and only
 * /auth/oidc answers 503, trying again on the next visit.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import * as client from "openid-client";
import { db } from "#db/client.server";
import { appSecrets } from "#db/schema";
import { oidcSettings, type OidcSettings } from "~/config.server";
import { DomainError } from "~/domain/errors";
import { log } from "~/log.server";
import type { ProviderClaims } from "~/domain/accounts/single-sign-on.server";
import { readCookie } from "~/http/cookies";

export const OIDC_COOKIE = "forum_oidc";
export const CALLBACK_PATH = "/auth/oidc/callback";
/** Time to sign in at the provider (a password manager, a second factor) before the attempt goes stale. */
const ATTEMPT_SECONDS = 15 * 60;

/** The provider's discovery failed or it answered the code exchange with a server error: try again later (503). */
export class SingleSignOnUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The identity provider could not be reached.", { cause });
    this.name = "SingleSignOnUnavailableError";
  }
}

/** The callback does not belong to a sign-in this browser started (bad or missing state, an old or forged cookie). */
export class StaleSignInError extends DomainError {
  constructor() {
    super("invalid", 400, "That sign-in link is no longer valid, try again.");
  }
}

/** The provider said no (the person cancelled, or the provider refused the client): 401 with the provider's reason. */
export class ProviderRefusedError extends DomainError {
  constructor(detail: string) {
    super("unauthenticated", 401, `The identity provider did not sign you in: ${detail}`);
  }
}

/** The button's label and whether password sign-in stays, for the login and sign-up pages; null when SSO is off. */
export function singleSignOnOffer(): { name: string; only: boolean } | null {
  const s = oidcSettings();
  return s ? { name: s.name, only: s.only } : null;
}

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

function settingsKey(s: OidcSettings) {
  return [s.issuer.href, s.clientId, s.clientSecret, s.allowHttp].join("\n");
}

async function discover(s: OidcSettings): Promise<client.Configuration> {
  const execute = s.allowHttp ? [client.allowInsecureRequests] : [];
  const found = await client.discovery(s.issuer, s.clientId, s.clientSecret, client.ClientSecretBasic(s.clientSecret), {
    execute,
    timeout: 10,
  });
  const methods = found.serverMetadata().token_endpoint_auth_methods_supported;
  // client_secret_basic is the default every provider must accept unless it lists otherwise.
  if (!methods || methods.includes("client_secret_basic") || !methods.includes("client_secret_post")) return found;
  const post = new client.Configuration(found.serverMetadata(), s.clientId, s.clientSecret, client.ClientSecretPost(s.clientSecret));
  for (const run of execute) run(post);
  return post;
}

async function configuration(s: OidcSettings): Promise<client.Configuration> {
  const key = settingsKey(s);
  if (!discovered || discovered.key !== key) {
    const attempt = discover(s);
    discovered = { key, config: attempt };
    // A failure is not kept: the next sign-in asks the provider again.
    attempt.catch(() => {
      if (discovered?.config === attempt) discovered = undefined;
    });
  }
  try {
    return await discovered.config;
  } catch (err) {
    log.warn(`single sign-on: discovery of ${s.issuer.href} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw new SingleSignOnUnavailableError(err);
  }
}

const KEY_NAME = "oidc-state";
const keys = new WeakMap<object, Buffer>();

async function signingKey(): Promise<Buffer> {
  const database = db();
  const known = keys.get(database);
  if (known) return known;
  await database
    .insert(appSecrets)
    .values({ name: KEY_NAME, value: randomBytes(32).toString("hex") })
    .onConflictDoNothing();
  const [row] = await database.select().from(appSecrets).where(eq(appSecrets.name, KEY_NAME));
  const value = Buffer.from(row.value, "hex");
  keys.set(database, value);
  return value;
}

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectTo: string;
  /** Seconds since the epoch; the cookie's Max-Age is only the browser's promise. */
  at: number;
}

function mac(key: Buffer, payload: string) {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

async function sealPending(pending: PendingSignIn): Promise<string> {
  const body = Buffer.from(JSON.stringify(pending)).toString("base64url");
  return `${body}.${mac(await signingKey(), body)}`;
}

async function openPending(value: string | undefined): Promise<PendingSignIn | null> {
  if (!value) return null;
  const [body, given, extra] = value.split(".");
  if (!body || !given || extra !== undefined) return null;
  const expected = Buffer.from(mac(await signingKey(), body));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const pending = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as PendingSignIn;
    if (typeof pending.state !== "string" || typeof pending.nonce !== "string" || typeof pending.verifier !== "string") return null;
    if (typeof pending.at !== "number" || Date.now() / 1000 - pending.at > ATTEMPT_SECONDS) return null;
    return pending;
  } catch {
    return null;
  }
}

function pendingCookie(value: string, secure: boolean, maxAge: number) {
  // Lax: the provider sends the browser back with a top-level GET, which Lax cookies ride on.
  return [
    `${OIDC_COOKIE}=${value}`,
    "Path=/auth/oidc",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** Clears the attempt's cookie once the callback used it (or refused it). */
export function clearedPendingCookie(secure: boolean) {
  return pendingCookie("", secure, 0);
}

function requireSettings(): OidcSettings {
  const s = oidcSettings();
  if (!s) throw new SingleSignOnDisabledError();
  return s;
}

/** /auth/oidc on a forum without a provider configured. */
export class SingleSignOnDisabledError extends DomainError {
  constructor() {
    super("not_found", 404, "Single sign-on is not set up on this forum.");
  }
}

/**
 * Starts a sign-in: the provider's authorization URL (with PKCE, state and
 * nonce) and the cookie that remembers them. `redirectUri` is this site's
 * callback as the provider has it registered; `redirectTo` a path on this site (the route makes it safe).
 */
export async function beginSignIn(options: { redirectUri: string; redirectTo: string; secure: boolean }) {
  const s = requireSettings();
  const config = await configuration(s);
  const pending: PendingSignIn = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    redirectTo: options.redirectTo,
    at: Math.floor(Date.now() / 1000),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: s.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, cookie: pendingCookie(await sealPending(pending), options.secure, ATTEMPT_SECONDS) };
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Groups arrive as a list (Okta, Keycloak, Entra ID) or, at some providers, as one string. */
function groupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function isServerTrouble(err: unknown): boolean {
  if (err instanceof client.ResponseBodyError) return err.status >= 500;
  // Network failures and timeouts surface as TypeError (fetch) or as the client's own timeout.
  return err instanceof TypeError || (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"));
}

/**
 * Finishes a sign-in at the callback: checks the state against the cookie,
 * exchanges the code with the PKCE verifier, checks the ID token and its
 * nonce, and reads the person's claims (the ID token's, then UserInfo's, which
 * some providers only fill there).
 */
export async function completeSignIn(options: {
  requestUrl: URL;
  redirectUri: string;
  cookieHeader: string | null;
}): Promise<{ claims: ProviderClaims; redirectTo: string }> {
  const s = requireSettings();
  const pending = await openPending(readCookie(options.cookieHeader, OIDC_COOKIE));
  const state = options.requestUrl.searchParams.get("state");
  if (!pending || !state || state.length !== pending.state.length || !timingSafeEqual(Buffer.from(state), Buffer.from(pending.state))) {
    throw new StaleSignInError();
  }
  const providerError = options.requestUrl.searchParams.get("error");
  if (providerError) {
    const description = options.requestUrl.searchParams.get("error_description");
    throw new ProviderRefusedError((description ?? providerError).slice(0, 200));
  }
  const config = await configuration(s);
  // The code was issued for the registered redirect_uri, whatever address this request came in on behind a proxy.
  const currentUrl = new URL(options.redirectUri);
  currentUrl.search = options.requestUrl.search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    if (isServerTrouble(err)) throw new SingleSignOnUnavailableError(err);
    log.warn(`single sign-on: the code exchange failed: ${err instanceof Error ? err.message : String(err)}`);
    throw new ProviderRefusedError("the sign-in could not be completed. Try again.");
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new ProviderRefusedError("no ID token came back.");
  let info: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    } catch (err) {
      // The ID token alone may carry all we need; UserInfo only adds to it.
      log.warn(`single sign-on: UserInfo failed, using the ID token's claims: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const all: Record<string, unknown> = { ...idClaims, ...info, sub: idClaims.sub };
  const verified = all.email_verified;
  return {
    redirectTo: pending.redirectTo,
    claims: {
      issuer: String(idClaims.iss),
      subject: idClaims.sub,
      email: stringClaim(all.email),
      // A few providers send the flag as a string.
      emailVerified: verified === true || verified === "true",
      name: stringClaim(all.name),
      preferredUsername: stringClaim(all.preferred_username) ?? stringClaim(all.nickname),
      groups: groupsClaim(all[s.groupsClaim]),
      staffGroup: s.staffGroup,
    },
  };
}

/** For tests that change the provider between servers in one process. */
export function forgetDiscoveryForTests() {
  discovered = undefined;
}
