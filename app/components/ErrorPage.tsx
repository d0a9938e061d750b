import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const titles: Record<number, string> = {
  400: "That request did not look right",
  401: "Please sign in",
  403: "You can't do that here",
  404: "We couldn't find that page",
  429: "Slow down a little",
};

/** The friendly page every route shows when something goes wrong. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 200 ? error.data : null;
  const title = titles[status] ?? "Something went wrong on our side";
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
      <p className="mt-4 text-slate-600">
        {detail ??
          (status >= 500
            ? "We've logged the problem and will look into it. Please try again in a moment."
            : "Check the address, or head back to the community.")}
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
    </div>
  );
}
