import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { signUpWithPassword } from "~/domain/accounts/signup.server";
import { publicUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";
import { runtime } from "~/runtime.server";
import { signIn } from "~/domain/accounts/sessions.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await signUpWithPassword(await readBody(request), { ip: context.ip });
  const { cookie } = await signIn(user.id, runtime.cookieSecure(context.secure), { userAgent: request.headers.get("user-agent"), ip: context.ip });
  return json({ user: publicUser(user) }, { status: 201, headers: { "Set-Cookie": cookie } });
});
