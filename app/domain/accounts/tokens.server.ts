import { ensureCan, ensureCanRead, type Actor } from "~/auth/policies";
import { issueToken, listTokens, revokeToken } from "~/auth/tokens.server";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { tokenSchema } from "./schemas";

export async function createToken(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "token:create");
  const { name } = parseInput(tokenSchema, input);
  const { token, record } = await transact((tx) => issueToken(tx, me.id, name));
  return { token, id: record.id, name: record.name, prefix: record.prefix, createdAt: record.createdAt.toISOString() };
}

export async function myTokens(actor: Actor | null) {
  const me = ensureCanRead(actor, "token:create");
  return listTokens(me.id);
}

export async function deleteToken(actor: Actor | null, tokenId: string) {
  const me = ensureCan(actor, "token:create");
  const revoked = await transact(async (tx, events) => {
    const done = await revokeToken(tx, me.id, tokenId);
    // Sockets that signed in with it are ended at once.
    if (done) events.record({ type: "token.revoked", userId: me.id, tokenId });
    return done;
  });
  if (!revoked) throw new NotFoundError("No such token.");
}
