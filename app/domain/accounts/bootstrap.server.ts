import { adminRole } from "~/auth/policies";
import type { Config } from "~/config.server";
import { invalidateSetupState } from "~/domain/setup/first-run.server";
import { signup } from "./signup.server";
import { findUserByLogin } from "./users.server";

/**
 * Creates the admin named by ADMIN_EMAIL/ADMIN_USERNAME/ADMIN_PASSWORD when
 * all three are set and no such account exists; an existing account is left
 * exactly as it is.
 */
export async function bootstrapAdmin(config: Pick<Config, "ADMIN_EMAIL" | "ADMIN_USERNAME" | "ADMIN_PASSWORD">) {
  const { ADMIN_EMAIL: email, ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = config;
  if (!email || !username || !password) return { created: false as const, reason: "not configured" };
  if ((await findUserByLogin(email)) || (await findUserByLogin(username))) return { created: false as const, reason: "exists" };
  const user = await signup({ email, username, password }, { role: adminRole });
  // With an admin there is nothing left to set up.
  invalidateSetupState();
  return { created: true as const, user };
}
