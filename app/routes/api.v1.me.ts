import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { updateProfile } from "~/domain/accounts/profile.server";
import { myAccount } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

// GET keeps the contract's fixed user object (and emailVerified); the editable settings come back from PATCH (an empty body changes nothing and answers them).
export const loader = api(async ({ context }: LoaderFunctionArgs) => json({ user: await myAccount(context.auth.actor) }));

/** `{displayName?, bio?, timeZone?}`: an empty or null value clears it, an absent one leaves it. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const user = await myAccount(context.auth.actor);
  const profile = await updateProfile(context.auth.actor, await readBody(request));
  return json({ user: { ...user, ...profile } });
});
