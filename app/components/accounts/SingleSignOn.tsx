import { Link } from "@remix-run/react";

/**
 * The provider's button on the login and sign-up pages: a plain link to
 * /auth/oidc, so it works without JavaScript, above the password form when
 * there is one.
 */
export function SingleSignOnButton({ name, redirectTo, passwordForm }: { name: string; redirectTo: string | null; passwordForm: boolean }) {
  const href = redirectTo && redirectTo !== "/" ? `/auth/oidc?${new URLSearchParams({ redirectTo })}` : "/auth/oidc";
  return (
    <div className="mb-6">
      <a href={href} className="btn-primary w-full justify-center" data-testid="sso-button">
        {name}
      </a>
      {passwordForm ? (
        <div className="mt-6 flex items-center gap-3 text-sm text-slate-600">
          <span className="h-px flex-1 bg-slate-200" aria-hidden="true" />
          <span>or</span>
          <span className="h-px flex-1 bg-slate-200" aria-hidden="true" />
        </div>
      ) : null}
    </div>
  );
}

/** What /auth/oidc and its callback show when a sign-in cannot go on: why, and the way back. */
export function SingleSignOnProblem({ title, message, retryable }: { title: string; message: string; retryable: boolean }) {
  return (
    <div className="mx-auto max-w-md py-6" data-testid="sso-problem">
      <div className="card p-8">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          {retryable ? (
            <a href="/auth/oidc" className="btn-primary">
              Try again
            </a>
          ) : null}
          <Link to="/login" className="btn-secondary">
            Back to log in
          </Link>
        </div>
      </div>
    </div>
  );
}
