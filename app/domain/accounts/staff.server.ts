/** The people who answer for the brand: staff and admins. */
import { inArray } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { users } from "#db/schema";
import { staffRoles } from "~/auth/policies";

/** Everyone who may hold a case, by username: the assign picker. */
export async function listStaffMembers(executor: Executor = db()) {
  return executor
    .select({ username: users.username, role: users.role })
    .from(users)
    .where(inArray(users.role, [...staffRoles]))
    .orderBy(users.username);
}
