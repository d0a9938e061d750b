import { requirePermission, type Actor } from "~/auth/permissions";
import { issueToken, listTokens, revokeToken } from "~/auth/tokens.server";
import { NotFoundError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { tokenSchema } from "./schemas";

export async function createToken(actor: Actor | null, input: unknown) {
  const me = requirePermission(actor, "token:create");
  const { name } = parseInput(tokenSchema, input);
  const { token, record } = await issueToken(me.id, name);
  return { token, id: record.id, name: record.name, prefix: record.prefix, createdAt: record.createdAt.toISOString() };
}

export async function myTokens(actor: Actor | null) {
  const me = requirePermission(actor, "token:create");
  return listTokens(me.id);
}

export async function deleteToken(actor: Actor | null, tokenId: string) {
  const me = requirePermission(actor, "token:create");
  if (!(await revokeToken(me.id, tokenId))) throw new NotFoundError("No such token.");
}
