import { toActor } from "~/domain/accounts/present";
import { withRestrictions } from "~/domain/moderation/live.server";
import { readSessionId, validateSessionId } from "./lucia.server";
import type { Actor } from "./policies";
import { tokenIdentity } from "./tokens.server";

export interface RequestAuth {
  actor: Actor | null;
  via: "cookie" | "token" | null;
  /** The stored id of the session the cookie carries. */
  sessionId: string | null;
  /** The personal access token used, if one was. */
  tokenId: string | null;
  /** A Bearer token was sent but is unknown or revoked: the API answers 401. */
  badToken: boolean;
  /** A refreshed or cleared session cookie the response must carry. */
  setCookie: string | null;
  /** The zone the member chose for times (PATCH /me), read with the account so pages need no query of their own. */
  timeZone: string | null;
  /** The member's avatar under DATA_DIR/media, for the header (cookie sign-ins; the API has no header). */
  avatarPath: string | null;
  /** The address still waiting for its confirmation link (the banner), or null: read with the account, like the two above. */
  unconfirmedEmail: string | null;
}

export interface Credentials {
  cookie?: string | null;
  authorization?: string | null;
  token?: string | null;
  secure: boolean;
}

const anonymous: RequestAuth = { actor: null, via: null, sessionId: null, tokenId: null, badToken: false, setCookie: null, timeZone: null, avatarPath: null, unconfirmedEmail: null };

/** Who is asking: a Bearer/handshake token first, else the session cookie. */
export async function authenticate(creds: Credentials): Promise<RequestAuth> {
  const bearer = creds.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? creds.token ?? null;
  if (bearer) {
    const identity = await tokenIdentity(bearer);
    // Restrictions ride with the actor, so every guard sees a suspension without a query of its own.
    return { ...anonymous, actor: identity ? await withRestrictions(identity.actor) : null, tokenId: identity?.tokenId ?? null, via: identity ? "token" : null, badToken: !identity, timeZone: identity?.timeZone ?? null };
  }
  const sessionId = readSessionId(creds.cookie);
  if (!sessionId) return anonymous;
  const result = await validateSessionId(sessionId, creds.secure);
  if (!result.user) return { ...anonymous, setCookie: result.cookie };
  return {
    actor: await withRestrictions(toActor({ id: result.user.id, username: result.user.username, role: result.user.role, reputation: result.user.reputation })),
    via: "cookie",
    sessionId: result.sessionId,
    tokenId: null,
    badToken: false,
    setCookie: result.cookie,
    timeZone: result.user.timeZone,
    avatarPath: result.user.avatarPath,
    unconfirmedEmail: result.user.emailVerifiedAt ? null : result.user.email,
  };
}
