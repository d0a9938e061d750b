import { and, count, eq, ne } from "drizzle-orm";
import { users } from "#db/schema";
import { adminRole, ensureCan, removesAdmin, type Actor } from "~/auth/policies";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { roleChangeSchema } from "./schemas";
import { findUserByUsername } from "./users.server";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";

export async function changeRole(actor: Actor | null, username: string, input: unknown) {
  const me = ensureCan(actor, "user:change-role");
  const { role } = parseInput(roleChangeSchema, input);
  return transact(async (tx, events) => {
    // Inside a transaction every query goes through `tx`: PGlite has one connection.
    const target = await findUserByUsername(username, tx);
    if (!target) throw new NotFoundError("No such member.");
    if (removesAdmin(target, role)) {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, adminRole), ne(users.id, target.id)));
      if ((others?.n ?? 0) === 0) throw new ConflictError("The forum needs at least one admin: promote another first.");
    }
    const [updated] = await tx.update(users).set({ role, updatedAt: clock() }).where(eq(users.id, target.id)).returning();
    if (updated.role !== target.role) {
      events.record({ type: "user.access_changed", userId: target.id });
      await recordAudit(tx, me, { action: "user.role_changed", target: { type: "user", id: target.id, label: target.username }, data: { from: target.role, to: updated.role } });
    }
    return updated;
  });
}
