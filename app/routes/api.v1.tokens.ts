import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { createToken, myTokens } from "~/domain/accounts/tokens.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  const tokens = await myTokens(context.auth.actor);
  return json({
    tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
  });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const created = await createToken(context.auth.actor, await readBody(request));
  return json(created, { status: 201 });
});
