import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The one-time code that lets someone finish setup from another machine.
 * Only its hash is kept, in this process's memory: it is printed once to the
 * terminal of whoever started the forum, and a successful setup consumes it.
 */
let codeHash: Buffer | undefined;

const digest = (code: string) => createHash("sha256").update(code).digest();

export function issueSetupCode(): string {
  const code = randomBytes(15).toString("base64url");
  codeHash = digest(code);
  return code;
}

export function setupCodeMatches(candidate: string | null | undefined): boolean {
  if (!codeHash || !candidate) return false;
  // Both are SHA-256 digests, so equal lengths: the comparison takes the same time whatever was guessed.
  return timingSafeEqual(digest(candidate), codeHash);
}

export function consumeSetupCode() {
  codeHash = undefined;
}
