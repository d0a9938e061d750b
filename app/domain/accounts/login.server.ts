import { config } from "~/config.server";
import { verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { UnauthenticatedError } from "~/domain/errors";
import { assertWithinLimits, recordHit, resetLimit, type Limit } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { loginSchema } from "./schemas";
import { findUserByLogin } from "./users.server";

function limitsFor(login: string, ip: string): Limit[] {
  const c = config();
  return [
    { key: `login:account:${login.trim().toLowerCase()}`, max: c.LOGIN_LIMIT_PER_ACCOUNT, windowSeconds: c.LOGIN_LIMIT_WINDOW_SECONDS },
    { key: `login:ip:${ip}`, max: c.LOGIN_LIMIT_PER_IP, windowSeconds: c.LOGIN_LIMIT_WINDOW_SECONDS },
  ];
}

/**
 * Checks a login. Unknown accounts and wrong passwords fail alike (same
 * message, same time); failures count per account and per IP.
 */
export async function login(input: unknown, meta: { ip: string }) {
  const data = parseInput(loginSchema, input);
  const limits = limitsFor(data.login, meta.ip);
  await assertWithinLimits(limits);
  const user = await findUserByLogin(data.login);
  const ok = user ? await verifyPassword(user.passwordHash, data.password) : await verifyAgainstDummy(data.password);
  if (!user || !ok) {
    await Promise.all(limits.map(recordHit));
    throw new UnauthenticatedError("That email or username and password do not match.");
  }
  await resetLimit(limits[0].key);
  return user;
}
