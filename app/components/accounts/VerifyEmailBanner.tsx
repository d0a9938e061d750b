import { Form, useLocation } from "@remix-run/react";

/**
 * A quiet bar for members who have not confirmed their address yet: where
 * the link went, and a button (a plain form POST, so it works without
 * JavaScript) to send it again. Not shown on the confirmation page itself,
 * which says the same at more length.
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { pathname } = useLocation();
  if (pathname === "/verify-email") return null;
  return (
    <div role="region" aria-label="Confirm your email address" className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm text-slate-700" data-testid="verify-email-banner">
      <Form method="post" action="/verify-email" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 break-words">
        <input type="hidden" name="intent" value="resend" />
        <p className="min-w-0">
          Confirm your email address: we sent a link to <strong className="font-semibold text-slate-900 break-all">{email}</strong>.
        </p>
        <button type="submit" className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-900">
          Resend
        </button>
      </Form>
    </div>
  );
}
