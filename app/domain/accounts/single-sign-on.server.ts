/**
 * Signing in with an OpenID Connect provider, once app/auth/oidc.server.ts has
 * checked the provider's answer (state, PKCE, the ID token and its nonce). What
 * is left is deciding which forum account the provider's person is:
 *
 * 1. the account already linked to this issuer and `sub`;
 * 2. else the account with the same email, when the provider says it verified
 *    that address (then the identity is linked to it). An unverified address
 *    never links: anyone can type someone else's address at some providers,
 *    and linking would hand them that account. When another account has the
 *    address, the sign-in is refused (409) rather than making a second
 *    account the unique email could not hold anyway;
 * 3. else a new customer account, with a username made from the provider's
 *    preferred_username or the email's local part, a random password nobody
 *    knows (a password reset can set one), and the email counted as confirmed
 *    when the provider verified it.
 *
 * A member in OIDC_STAFF_GROUP is made staff (promote only; see roleFromStaffGroup).
 * Suspended members sign in as they do with a password: read only.
 */
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "#db/client.server";
import { newId } from "#db/ids";
import { userIdentities, users, type User } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { memberRole, roleFromStaffGroup } from "~/auth/policies";
import { now } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";
import { ConflictError, DomainError, ForbiddenError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { toActor } from "./present";
import { usernameSchema } from "./schemas";

/** What the provider said about the person, already checked by the OIDC client. */
export const providerClaimsSchema = z.object({
  issuer: z.string().url(),
  subject: z.string().min(1).max(255),
  email: z.string().trim().max(254).email().optional().catch(undefined),
  emailVerified: z.boolean().default(false),
  name: z.string().trim().max(200).optional().catch(undefined),
  preferredUsername: z.string().trim().max(200).optional().catch(undefined),
  groups: z.array(z.string()).default([]),
  /** OIDC_STAFF_GROUP, when set. */
  staffGroup: z.string().optional(),
});
export type ProviderClaims = z.input<typeof providerClaimsSchema>;

export interface SingleSignOnResult {
  user: User;
  /** How this sign-in found its account. */
  outcome: "signed_in" | "linked" | "created";
}

const USERNAME_MAX = 30;

/** Turns a provider's name into one the username rules accept: letters, digits, '-' and '_', 3 to 30 long. */
export function usernameBase(candidates: (string | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const local = candidate.split("@")[0];
    const cleaned = local
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-zA-Z0-9_-]+/g, "_")
      .replace(/^[_-]+|[_-]+$/g, "")
      .slice(0, USERNAME_MAX);
    if (cleaned.length >= 3) return cleaned;
    if (cleaned.length > 0) return `${cleaned}_member`.slice(0, USERNAME_MAX);
  }
  return "member";
}

async function usernameTaken(tx: Tx, username: string) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`)
    .limit(1);
  return Boolean(row);
}

/** The base, or the base with the first free number after it (alice, alice-2, alice-3, ...). */
async function freeUsername(tx: Tx, base: string): Promise<string> {
  for (let n = 1; n <= 50; n += 1) {
    const suffix = n === 1 ? "" : `-${n}`;
    const candidate = base.slice(0, USERNAME_MAX - suffix.length) + suffix;
    if (usernameSchema.safeParse(candidate).success && !(await usernameTaken(tx, candidate))) return candidate;
  }
  // Fifty namesakes: a random tail ends the search.
  const suffix = `-${randomBytes(4).toString("hex")}`;
  return base.slice(0, USERNAME_MAX - suffix.length) + suffix;
}

async function userById(tx: Tx, id: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

async function userByEmail(tx: Tx, email: string) {
  const [user] = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user;
}

async function linkIdentity(tx: Tx, claims: z.output<typeof providerClaimsSchema>, userId: string) {
  await tx
    .insert(userIdentities)
    .values({ issuer: claims.issuer, subject: claims.subject, userId, email: claims.email ?? null, lastLoginAt: now() });
}

async function findOrCreate(tx: Tx, claims: z.output<typeof providerClaimsSchema>): Promise<SingleSignOnResult> {
  const [identity] = await tx
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, claims.issuer), eq(userIdentities.subject, claims.subject)))
    .limit(1);
  if (identity) {
    await tx
      .update(userIdentities)
      .set({ lastLoginAt: now(), email: claims.email ?? identity.email })
      .where(and(eq(userIdentities.issuer, claims.issuer), eq(userIdentities.subject, claims.subject)));
    return { user: await userById(tx, identity.userId), outcome: "signed_in" };
  }

  if (!claims.email) {
    throw new ValidationError(
      { email: ["The identity provider did not share an email address."] },
      "Your identity provider did not share your email address, so we cannot sign you in. Ask its administrator to release the email claim to this forum."
    );
  }

  const existing = await userByEmail(tx, claims.email);
  if (existing && claims.emailVerified) {
    await linkIdentity(tx, claims, existing.id);
    if (existing.emailVerifiedAt) return { user: existing, outcome: "linked" };
    // The provider vouches for the very address the account has: it counts as confirmed.
    const [updated] = await tx.update(users).set({ emailVerifiedAt: now(), updatedAt: now() }).where(eq(users.id, existing.id)).returning();
    return { user: updated, outcome: "linked" };
  }
  if (existing) {
    throw new ConflictError(
      "Your identity provider has not verified your email address, and an account here already uses it, so we cannot link them. Log in with your password, or ask the provider's administrator to verify the address."
    );
  }

  const username = await freeUsername(tx, usernameBase([claims.preferredUsername, claims.email, claims.name]));
  const [user] = await tx
    .insert(users)
    .values({
      id: newId(),
      email: claims.email.toLowerCase(),
      username,
      displayName: claims.name ? claims.name.slice(0, 60) : null,
      // Nobody knows this password; the member signs in through the provider (or sets one by a reset).
      passwordHash: await hashPassword(randomBytes(32).toString("base64url")),
      role: memberRole,
      emailVerifiedAt: claims.emailVerified ? now() : null,
    })
    .returning();
  await linkIdentity(tx, claims, user.id);
  return { user, outcome: "created" };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * Signs in the person the provider vouched for (see the module comment).
 * The route starts the session, as for a password login.
 */
export async function signInWithProvider(input: ProviderClaims): Promise<SingleSignOnResult> {
  const claims = parseInput(providerClaimsSchema, input);
  const attempt = () =>
    transact(async (tx, events) => {
      const found = await findOrCreate(tx, claims);
      if (found.user.deletedAt) throw new ForbiddenError("This account was deleted.");
      const inStaffGroup = Boolean(claims.staffGroup && claims.groups.includes(claims.staffGroup));
      const role = roleFromStaffGroup(found.user, inStaffGroup);
      if (!role) return found;
      const [promoted] = await tx.update(users).set({ role, updatedAt: now() }).where(eq(users.id, found.user.id)).returning();
      events.record({ type: "user.access_changed", userId: promoted.id });
      await recordAudit(tx, toActor(found.user), {
        action: "user.role_changed",
        target: { type: "user", id: promoted.id, label: promoted.username },
        data: { from: found.user.role, to: role, by: "single sign-on", group: claims.staffGroup },
      });
      return { ...found, user: promoted };
    });
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof DomainError || !isUniqueViolation(err)) throw err;
    // Two first sign-ins raced (two tabs): the other one made the account or the link; this one finds it.
    return attempt();
  }
}
