import type { Actor, Role } from "~/auth/policies";

/** The people every policy table is read against. */
export const as = (role: Role, reputation = 0, id = `${role}-${reputation}`): Actor => ({ id, username: id, role, reputation });

export const anonymous = null;
export const customer = as("customer");
export const author = as("customer", 0, "author");
export const advocate = as("advocate");
export const staff = as("staff");
export const admin = as("admin");

export const everyone = { anonymous, customer, author, advocate, staff, admin } as const;
export type Who = keyof typeof everyone;

/** Who among `everyone` passes the check, for a table that reads as a sentence. */
export function whoMay(check: (actor: Actor | null) => boolean): Who[] {
  return (Object.keys(everyone) as Who[]).filter((who) => check(everyone[who]));
}
