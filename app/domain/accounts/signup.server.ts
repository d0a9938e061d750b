import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { users, type Role } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { memberRole } from "~/auth/policies";
import { config } from "~/config.server";
import { ConflictError, ValidationError, type FieldErrors } from "~/domain/errors";
import { consume } from "~/domain/rate-limit/limiter.server";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
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

/**
 * Creates a customer account (or, for bootstrap and seed, one of another
 * role). Sign-ups from one address are limited (`ip`, when the request gave
 * one), which also slows anyone probing which emails are registered.
 */
export async function signup(input: unknown, options: { role?: Role; ip?: string } = {}) {
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
  const passwordHash = await hashPassword(data.password);
  try {
    const [user] = await transact((tx) =>
      tx
        .insert(users)
        .values({ id: newId(), email, username: data.username, passwordHash, role: options.role ?? memberRole })
        .returning(),
    );
    return user;
  } catch (err) {
    // Two sign-ups racing for one name: the unique index decides.
    const again = await taken(email, data.username);
    if (again) throw again;
    throw err;
  }
}
