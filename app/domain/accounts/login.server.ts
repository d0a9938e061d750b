import { setTimeout as sleep } from "node:timers/promises";
import { config } from "~/config.server";
import { verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { RateLimitedError, UnauthenticatedError } from "~/domain/errors";
import { assertWithinLimits, read, recordHit, resetLimit, type Limit } from "~/domain/rate-limit/limiter.server";
import { parseInput } from "~/domain/validate";
import { ensurePasswordSignIn } from "./password-sign-in.server";
import { loginSchema } from "./schemas";
import { findUserByLogin } from "./users.server";

/** The longest an address over its limit waits before each answer. */
const MAX_DELAY_MS = 10_000;

/**
 * Failures count against the account, whichever name it was typed as (its
 * username and its email share one counter), and against unknown names too,
 * so that locking out cannot tell which accounts exist.
 */
function accountLimit(login: string, userId: string | undefined): Limit {
  const c = config();
  const who = userId ?? `unknown:${login.trim().toLowerCase()}`;
  return { key: `login:account:${who}`, max: c.LOGIN_LIMIT_PER_ACCOUNT, windowSeconds: c.LOGIN_LIMIT_WINDOW_SECONDS };
}

function addressLimit(ip: string): Limit {
  const c = config();
  return { key: `login:ip:${ip}`, max: c.LOGIN_LIMIT_PER_IP, windowSeconds: c.LOGIN_LIMIT_WINDOW_SECONDS };
}

/** Doubling from a quarter second with each failure past the limit, up to ten seconds. */
export function addressDelayMs(failuresOverLimit: number) {
  return Math.min(MAX_DELAY_MS, 250 * 2 ** Math.min(failuresOverLimit, 16));
}

/**
 * Checks a login. Unknown accounts and wrong passwords fail alike (same
 * message, same time). An account locks after its limit of failures, even
 * for the right password. An address past its limit is slowed, not locked:
 * every answer to it waits longer, and its wrong guesses get 429, but the
 * right password still signs in, so an office behind one address is not shut
 * out by someone guessing from the same network.
 */
export async function login(input: unknown, meta: { ip: string }) {
  ensurePasswordSignIn();
  const data = parseInput(loginSchema, input);
  const user = await findUserByLogin(data.login);
  const account = accountLimit(data.login, user?.id);
  const address = addressLimit(meta.ip);
  await assertWithinLimits([account]);
  const fromAddress = await read(address);
  const overBy = fromAddress.count - address.max;
  if (overBy >= 0) await sleep(addressDelayMs(overBy));
  const ok = user ? await verifyPassword(user.passwordHash, data.password) : await verifyAgainstDummy(data.password);
  if (!user || !ok) {
    await Promise.all([recordHit(account), recordHit(address)]);
    if (overBy >= 0) throw new RateLimitedError(Math.max(1, Math.ceil(addressDelayMs(overBy + 1) / 1000)));
    throw new UnauthenticatedError("That email or username and password do not match.");
  }
  await resetLimit(account.key);
  return user;
}
