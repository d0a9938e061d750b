import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { AVATAR_MAX_BYTES, removeAvatar, setAvatar } from "~/domain/accounts/avatar.server";
import { myProfile } from "~/domain/accounts/profile.server";
import { currentUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed } from "~/http/api.server";
import { readUpload } from "~/http/upload.server";

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);

/** PUT: a multipart field `avatar` or the raw image as the body (PNG, JPEG, WebP or GIF, up to 5 MB); DELETE: back to initials. Both answer `{user}`. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  const actor = context.auth.actor;
  if (request.method === "PUT") {
    // Who asks is checked before the body is read: a stranger's upload is not worth reading.
    const user = currentUser(actor);
    await setAvatar(actor, await readUpload(request, "avatar", AVATAR_MAX_BYTES));
    return json({ user: { ...user, ...(await myProfile(actor)) } });
  }
  if (request.method === "DELETE") {
    const user = currentUser(actor);
    await removeAvatar(actor);
    return json({ user: { ...user, ...(await myProfile(actor)) } });
  }
  return methodNotAllowed(["PUT", "DELETE"]);
});
