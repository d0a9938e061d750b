import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { blankSessionCookie } from "~/auth/lucia.server";
import { signOut } from "~/domain/accounts/sessions.server";
import { runtime } from "~/runtime.server";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth.actor) await signOut(context.auth.actor, context.auth.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(runtime.cookieSecure(context.secure)) } });
}
