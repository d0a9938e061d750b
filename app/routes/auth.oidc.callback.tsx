import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { signIn } from "~/domain/accounts/sessions.server";
import { CALLBACK_PATH, clearedPendingCookie, completeSignIn, SingleSignOnUnavailableError, StaleSignInError } from "~/auth/oidc.server";
import { SingleSignOnProblem } from "~/components/accounts/SingleSignOn";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { signInWithProvider } from "~/domain/accounts/single-sign-on.server";
import { isDomainError } from "~/domain/errors";
import { safeRedirect } from "~/http/redirect";
import { pageTitle } from "~/meta";
import { runtime } from "~/runtime.server";

// A refusal's page keeps the loader's headers: the spent attempt's cleared cookie, no-store, Retry-After.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Single sign-on") }];

/** Where the identity provider sends the browser back: check, find or make the account, start the session. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const secure = runtime.cookieSecure(context.secure);
  const origin = runtime.siteOrigin(url.host, context.secure) ?? url.origin;
  // The attempt is spent whatever happens next: a retry starts a fresh one.
  const headers = new Headers({ "Set-Cookie": clearedPendingCookie(secure), "Cache-Control": "no-store" });
  try {
    const { claims, redirectTo } = await completeSignIn({
      requestUrl: url,
      redirectUri: origin + CALLBACK_PATH,
      cookieHeader: request.headers.get("Cookie"),
    });
    const { user } = await signInWithProvider(claims);
    const { cookie } = await signIn(user.id, secure, { userAgent: request.headers.get("user-agent"), ip: context.ip });
    headers.append("Set-Cookie", cookie);
    return redirect(safeRedirect(redirectTo, "/"), { headers });
  } catch (err) {
    if (err instanceof SingleSignOnUnavailableError) {
      headers.set("Retry-After", "30");
      return json(
        {
          title: "Single sign-on is unavailable",
          message: "We could not reach the identity provider just now. Please try again in a minute.",
          retryable: true,
        },
        { status: 503, headers }
      );
    }
    if (err instanceof StaleSignInError)
      return json({ title: "That sign-in did not work", message: err.message, retryable: true }, { status: err.status, headers });
    if (isDomainError(err))
      return json(
        { title: "We could not sign you in", message: err.message, retryable: err.status !== 403 },
        { status: err.status, headers }
      );
    throw err;
  }
}

export default function SingleSignOnCallback() {
  const problem = useLoaderData<typeof loader>();
  return <SingleSignOnProblem title={problem.title} message={problem.message} retryable={problem.retryable} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
