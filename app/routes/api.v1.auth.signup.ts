import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { startSession } from "~/auth/lucia.server";
import { signUpWithPassword } from "~/domain/accounts/signup.server";
import { publicUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";
import { runtime } from "~/runtime.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await signUpWithPassword(await readBody(request), { ip: context.ip });
  const { cookie } = await startSession(user.id, runtime.cookieSecure(context.secure));
  return json({ user: publicUser(user) }, { status: 201, headers: { "Set-Cookie": cookie } });
});
