/** The staff members page: members in username order, and whether this actor may change their roles. */
import { canChangeRoles, roles, type Actor } from "~/auth/policies";
import { listUsers } from "./users.server";

export async function membersPage(actor: Actor, input: { q?: string; after?: string }) {
  const page = await listUsers(actor, input);
  return {
    ...page,
    users: page.users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
    roles: [...roles],
    can: { changeRoles: canChangeRoles(actor) },
  };
}
