import { sql } from "drizzle-orm";
import { db, type Tx } from "#db/client.server";
import { newId } from "#db/ids";
import { users, type Role } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { memberRole } from "~/auth/policies";
import { config } from "~/config.server";
import { ConflictError, ValidationError, type FieldErrors } from "~/domain/errors";
import { consume } from "~/domain/rate-limit/limiter.server";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { queueVerification } from "./email-verification.server";
import { ensurePasswordSignIn } from "./password-sign-in.server";
import { weakPasswordReason } from "./password-strength.server";
import { signupSchema } from "./schemas";

/**
 * Said whenever the email is the taken part: sign-up must not confirm that an
 * address has an account (usernames are public on profiles, so a taken one is
 * named). Telling the owner by email comes with the mail capability.
 */
export const TAKEN_MESSAGE = "We could not create that account. If you already have one, log in instead.";

async function taken(email: string, username: string): Promise<ConflictError | null> {
  const rows = await db()
    .select({ email: users.email, username: users.username })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()} or lower(${users.username}) = ${username.toLowerCase()}`);
  if (!rows.length) return null;
  const fields: FieldErrors = {};
  if (rows.some((row) => row.username.toLowerCase() === username.toLowerCase())) fields.username = ["This username is taken."];
  const emailTaken = rows.some((row) => row.email.toLowerCase() === email.toLowerCase());
  return new ConflictError(emailTaken ? TAKEN_MESSAGE : "That username is taken.", Object.keys(fields).length ? fields : undefined);
}

export interface NewAccount {
  email: string;
  username: string;
  passwordHash: string;
}

/**
 * The checks every new account passes, whoever creates it (sign-up, the
 * bootstrap admin, first-run setup): the schema, the password's strength, the
 * per-address limit (`ip`, when the request gave one, which also slows anyone
 * probing which emails are registered) and the names still being free.
 */
export async function prepareAccount(input: unknown, options: { ip?: string } = {}): Promise<NewAccount> {
  const data = parseInput(signupSchema, input);
  const email = data.email.toLowerCase();
  const weak = await weakPasswordReason(data.password, [data.username, email.split("@")[0]]);
  if (weak) throw new ValidationError({ password: [weak] });
  if (options.ip) {
    const c = config();
    await consume({ key: `signup:ip:${options.ip}`, max: c.SIGNUP_LIMIT_PER_IP, windowSeconds: c.SIGNUP_LIMIT_WINDOW_SECONDS });
  }
  const refusal = await taken(email, data.username);
  if (refusal) throw refusal;
  return { email, username: data.username, passwordHash: await hashPassword(data.password) };
}

/** Writes a prepared account in the caller's transaction. */
export async function insertAccount(tx: Tx, account: NewAccount, role: Role = memberRole) {
  const [user] = await tx
    .insert(users)
    .values({ id: newId(), ...account, role })
    .returning();
  return user;
}

/** After a failed insert: the refusal to give when two accounts raced for one name (the unique index decided), else the error itself. */
export async function raceRefusal(account: NewAccount, err: unknown): Promise<unknown> {
  return (await taken(account.email, account.username)) ?? err;
}

/** Creates a customer account (or, for bootstrap and seed, one of another role). */
export async function signup(input: unknown, options: { role?: Role; ip?: string } = {}) {
  const account = await prepareAccount(input, options);
  try {
    return await transact(async (tx) => {
      const user = await insertAccount(tx, account, options.role);
      // The link goes out with the account: a rolled-back sign-up mails nothing.
      await queueVerification(tx, user);
      return user;
    });
  } catch (err) {
    throw await raceRefusal(account, err);
  }
}

/** A visitor signing up (the sign-up page, POST /auth/signup): a customer, and only while password sign-in is on (not OIDC_ONLY). */
export async function signUpWithPassword(input: unknown, options: { ip?: string } = {}) {
  ensurePasswordSignIn();
  return signup(input, options);
}
