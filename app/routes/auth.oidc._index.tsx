import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { beginSignIn, CALLBACK_PATH, SingleSignOnUnavailableError } from "~/auth/oidc.server";
import { SingleSignOnProblem } from "~/components/accounts/SingleSignOn";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { isDomainError } from "~/domain/errors";
import { safeRedirect } from "~/http/redirect";
import { pageTitle } from "~/meta";
import { runtime } from "~/runtime.server";

// The 503 page keeps the loader's Retry-After.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Single sign-on") }];

/** Sends the browser to the identity provider; `?redirectTo=` (a path here) is where it lands after. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/");
  if (context.auth.actor) throw redirect(redirectTo);
  const origin = runtime.siteOrigin(url.host, context.secure) ?? url.origin;
  try {
    const started = await beginSignIn({ redirectUri: origin + CALLBACK_PATH, redirectTo, secure: runtime.cookieSecure(context.secure) });
    return redirect(started.url, { headers: { "Set-Cookie": started.cookie, "Cache-Control": "no-store" } });
  } catch (err) {
    // The provider is down or unreachable: say so here (and only here), never a 500 that the browser retries.
    if (err instanceof SingleSignOnUnavailableError)
      return json({ unavailable: true }, { status: 503, headers: { "Retry-After": "30", "Cache-Control": "no-store" } });
    if (isDomainError(err)) throw new Response(err.message, { status: err.status });
    throw err;
  }
}

export default function SingleSignOnStart() {
  useLoaderData<typeof loader>();
  return (
    <SingleSignOnProblem
      title="Single sign-on is unavailable"
      message="We could not reach the identity provider just now. Please try again in a minute; if it keeps happening, tell the forum's administrators."
      retryable
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
