import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { login } from "~/domain/accounts/login.server";
import { publicUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";
import { runtime } from "~/runtime.server";
import { signIn } from "~/domain/accounts/sessions.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await login(await readBody(request), { ip: context.ip });
  const { cookie } = await signIn(user.id, runtime.cookieSecure(context.secure), { userAgent: request.headers.get("user-agent"), ip: context.ip });
  return json({ user: publicUser(user) }, { headers: { "Set-Cookie": cookie } });
});
