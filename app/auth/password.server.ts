import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string) {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spend the same time as a real check, so a missing account is not revealed by timing. */
export async function verifyAgainstDummy(password: string) {
  dummy ??= hashPassword("not-a-real-password-at-all");
  await verifyPassword(await dummy, password);
  return false;
}
