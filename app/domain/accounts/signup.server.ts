import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { users, type Role } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { memberRole } from "~/auth/policies";
import { ConflictError, type FieldErrors } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { signupSchema } from "./schemas";

async function takenFields(email: string, username: string): Promise<FieldErrors> {
  const rows = await db()
    .select({ email: users.email, username: users.username })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()} or lower(${users.username}) = ${username.toLowerCase()}`);
  const fields: FieldErrors = {};
  for (const row of rows) {
    if (row.email.toLowerCase() === email.toLowerCase()) fields.email = ["An account with this email already exists."];
    if (row.username.toLowerCase() === username.toLowerCase()) fields.username = ["This username is taken."];
  }
  return fields;
}

/** Creates a customer account (or, for bootstrap and seed, one of another role). */
export async function signup(input: unknown, options: { role?: Role } = {}) {
  const data = parseInput(signupSchema, input);
  const email = data.email.toLowerCase();
  const taken = await takenFields(email, data.username);
  if (Object.keys(taken).length) throw new ConflictError("That account already exists.", taken);
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
    const again = await takenFields(email, data.username);
    if (Object.keys(again).length) throw new ConflictError("That account already exists.", again);
    throw err;
  }
}
