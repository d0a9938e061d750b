import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { blankSessionCookie } from "~/auth/lucia.server";
import { deleteMyAccount } from "~/domain/accounts/deletion.server";
import { updateProfile } from "~/domain/accounts/profile.server";
import { myAccount } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";
import { runtime } from "~/runtime.server";

// GET keeps the contract's fixed user object (and emailVerified); the editable settings come back from PATCH (an empty body changes nothing and answers them).
export const loader = api(async ({ context }: LoaderFunctionArgs) => json({ user: await myAccount(context.auth.actor) }));

/**
 * PATCH `{displayName?, bio?, timeZone?, notifications?}`: an empty or null value clears it, an absent one leaves it.
 * DELETE `{password}`: deletes the account (204); its posts stay under "deleted user".
 */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method === "PATCH") {
    const user = await myAccount(context.auth.actor);
    const profile = await updateProfile(context.auth.actor, await readBody(request));
    return json({ user: { ...user, ...profile } });
  }
  if (request.method === "DELETE") {
    await deleteMyAccount(context.auth.actor, await readBody(request));
    return new Response(null, { status: 204, headers: context.auth.via === "cookie" ? { "Set-Cookie": blankSessionCookie(runtime.cookieSecure(context.secure)) } : {} });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
});
