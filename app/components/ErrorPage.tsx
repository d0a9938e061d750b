import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { SearchBox } from "./SearchBox";

const titles: Record<number, string> = {
  400: "That request did not look right",
  401: "Please sign in",
  403: "You can't do that here",
  404: "We couldn't find that page",
  429: "Slow down a little",
};

/** A message a route wrote for people; the router's own texts (`internal`) and 5xx details are never shown. */
function authoredDetail(error: unknown): string | null {
  if (!isRouteErrorResponse(error) || error.status >= 500 || error.status === 404) return null;
  if ("internal" in error && error.internal === true) return null;
  return typeof error.data === "string" && error.data.length < 200 ? error.data : null;
}

function NotFoundHelp() {
  return (
    <>
      <p className="mt-4 text-slate-600">The page may have moved or been removed, or the address has a typo. Try a search instead:</p>
      <SearchBox id="not-found-search" label="Search questions and answers" landmark="Community" className="mx-auto mt-6 max-w-md" />
      <div className="mt-6 flex flex-wrap justify-center gap-x-6 gap-y-2 text-sm">
        <Link to="/" className="link">
          Community home
        </Link>
        <Link to="/questions" className="link">
          All questions
        </Link>
        <Link to="/ask" className="link">
          Ask a question
        </Link>
      </div>
    </>
  );
}

/** The friendly page every route shows when something goes wrong. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = titles[status] ?? (status >= 500 ? "Something went wrong on our side" : "That didn't work");
  return (
    <div className="mx-auto max-w-xl py-12 text-center sm:py-16" data-testid="error-page">
      <p className="text-sm font-semibold text-brand-700">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
      {status === 404 ? (
        <NotFoundHelp />
      ) : (
        <>
          <p className="mt-4 text-slate-600">
            {authoredDetail(error) ??
              (status >= 500 ? "We've logged the problem and will look into it. Please try again in a moment." : "Check the address, or head back to the community.")}
          </p>
          <div className="mt-8 flex justify-center gap-3">
            <Link to="/" className="btn-primary">
              Back to the community
            </Link>
            {status === 401 ? (
              <Link to="/login" className="btn-secondary">
                Log in
              </Link>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
