import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { blankSessionCookie, endSession } from "~/auth/lucia.server";
import { runtime } from "~/runtime.server";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  const secure = runtime.cookieSecure(context.secure);
  const cookie = context.auth.sessionId ? await endSession(context.auth.sessionId, secure) : blankSessionCookie(secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
