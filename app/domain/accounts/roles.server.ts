import { and, count, eq, ne } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { requirePermission, type Actor } from "~/auth/permissions";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { roleChangeSchema } from "./schemas";
import { findUserByUsername } from "./users.server";

export async function changeRole(actor: Actor | null, username: string, input: unknown) {
  requirePermission(actor, "user:change-role");
  const { role } = parseInput(roleChangeSchema, input);
  return db().transaction(async (tx) => {
    // Inside a transaction every query goes through `tx`: PGlite has one connection.
    const target = await findUserByUsername(username, tx);
    if (!target) throw new NotFoundError("No such member.");
    if (target.role === "admin" && role !== "admin") {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), ne(users.id, target.id)));
      if ((others?.n ?? 0) === 0) throw new ConflictError("The forum needs at least one admin: promote another first.");
    }
    const [updated] = await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, target.id)).returning();
    return updated;
  });
}
