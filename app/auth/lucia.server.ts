/**
 * The only module that imports `lucia` (decision 001): swapping to the
 * session recipe later touches app/auth/ and nothing else.
 */
import { createHash } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Cookie, Lucia, TimeSpan, generateIdFromEntropySize } from "lucia";
import { db, type Db, type Executor } from "#db/client.server";
import { sessions, users, type Role } from "#db/schema";
import { now } from "~/clock";

export const SESSION_COOKIE = "forum_session";

function createLucia(database: Db) {
  return new Lucia(new DrizzlePostgreSQLAdapter(database, sessions, users), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { sameSite: "lax", secure: false },
    },
    getSessionAttributes: (attributes) => ({ lastSeenAt: attributes.lastSeenAt }),
    getUserAttributes: (attributes) => ({
      username: attributes.username,
      role: attributes.role,
      reputation: attributes.reputation,
      timeZone: attributes.timeZone,
      avatarPath: attributes.avatarPath,
      email: attributes.email,
      emailVerifiedAt: attributes.emailVerifiedAt,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      username: string;
      role: Role;
      reputation: number;
      timeZone: string | null;
      avatarPath: string | null;
      email: string;
      emailVerifiedAt: Date | null;
    };
    // Keys are the drizzle column names: the adapter spreads them into its insert.
    DatabaseSessionAttributes: { createdAt: Date; lastSeenAt: Date; userAgent: string | null; ip: string | null };
  }
}

let instance: { database: Db; lucia: ReturnType<typeof createLucia> } | undefined;

function lucia() {
  const database = db();
  if (!instance || instance.database !== database) instance = { database, lucia: createLucia(database) };
  return instance.lucia;
}

function withSecure(cookie: Cookie, secure: boolean): string {
  return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, secure }).serialize();
}

/**
 * The cookie carries a random id; the table keeps only its SHA-256 (as for
 * API tokens), so a copy of the table signs nobody in. `sessionId` everywhere
 * outside this file is that stored hash.
 */
function storedId(cookieValue: string) {
  return createHash("sha256").update(cookieValue).digest("hex");
}

/** Where a sign-in came from, shown in the member's session list. */
export interface SessionOrigin {
  userAgent?: string | null;
  ip?: string | null;
}

// A user agent is the client's to choose; long ones are cut so a row stays small.
const MAX_USER_AGENT = 400;

export async function startSession(userId: string, secure: boolean, origin: SessionOrigin = {}) {
  const secret = generateIdFromEntropySize(25);
  const at = now();
  const session = await lucia().createSession(
    userId,
    { createdAt: at, lastSeenAt: at, userAgent: origin.userAgent?.slice(0, MAX_USER_AGENT) || null, ip: origin.ip || null },
    { sessionId: storedId(secret) },
  );
  return { sessionId: session.id, cookie: withSecure(lucia().createSessionCookie(secret), secure) };
}

/** "Last active" needs minutes, not milliseconds: a write per request would make every page view a row update. */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function validateSessionId(cookieValue: string, secure: boolean) {
  const { session, user } = await lucia().validateSession(storedId(cookieValue));
  if (!session || !user) return { user: null, sessionId: null, cookie: withSecure(lucia().createBlankSessionCookie(), secure) };
  const at = now();
  if (at.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
    await db().update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, session.id));
  }
  // Lucia extends a session past half its life; the browser needs the new expiry.
  const cookie = session.fresh ? withSecure(lucia().createSessionCookie(cookieValue), secure) : null;
  return { user, sessionId: session.id, cookie };
}

/** Ends one session by its stored id; the route clears the cookie with `blankSessionCookie`. */
export async function endSession(sessionId: string) {
  await lucia().invalidateSession(sessionId);
}

export async function endAllSessions(userId: string) {
  await lucia().invalidateUserSessions(userId);
}

/** Ends every session of a member but one (a password change keeps the browser that made it); returns the stored ids it ended. */
export async function endOtherSessions(userId: string, keepSessionId: string | null, executor: Executor = db()) {
  const rows = await executor
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export function readSessionId(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  return lucia().readSessionCookie(cookieHeader);
}

export function blankSessionCookie(secure: boolean) {
  return withSecure(lucia().createBlankSessionCookie(), secure);
}
