import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard } from "~/components/AuthCard";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/Field";
import { SpentLink } from "~/components/accounts/SpentLink";
import { accountTokenIsUsable } from "~/domain/accounts/account-tokens.server";
import { pendingVerification, resendVerification, verifyEmail } from "~/domain/accounts/email-verification.server";
import { verifyEmailSchema } from "~/domain/accounts/schemas";
import { intent } from "~/http/form-fields";
import { errorsOf, messagesOf, replyFor } from "~/http/form-result";
import { formAction, type IntentHandlers } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Confirm your email address") }];

/**
 * Opening the link shows a button; only pressing it (a POST) confirms. Mail
 * scanners (Outlook's Safe Links, corporate gateways) fetch every link in a
 * message before anyone reads it: a GET that confirmed would spend the link
 * for a robot, and confirm an address nobody has read.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const pending = await pendingVerification(context.auth.actor);
  const signedIn = Boolean(context.auth.actor);
  if (token) {
    if (await accountTokenIsUsable(token, "verify_email")) return json({ state: "confirm" as const, token, pending, signedIn });
    return json({ state: "spent" as const, token: null, pending, signedIn }, { status: 400 });
  }
  return json({ state: pending ? ("pending" as const) : signedIn ? ("confirmed" as const) : ("missing" as const), token: null, pending, signedIn });
}

const verifyForm = verifyEmailSchema.extend({ intent: z.literal("verify") });
const schema = z.discriminatedUnion("intent", [verifyForm, intent("resend")]);

const handlers = {
  async verify({ value, done }) {
    const user = await verifyEmail(value);
    return done({ verified: user.email });
  },
  async resend({ actor, done }) {
    const result = await resendVerification(actor);
    return done({ resent: result.sent ? result.email : null });
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

function ResendForm({ label = "Send a new link" }: { label?: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" action="/verify-email">
      <input type="hidden" name="intent" value="resend" />
      <button type="submit" className="btn-secondary" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export default function VerifyEmail() {
  const { state, token, pending, signedIn } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const verified = replyFor(data, "verify");
  const resent = replyFor(data, "resend");
  const busy = useNavigation().state === "submitting";

  if (verified && "verified" in verified)
    return (
      <AuthCard title="Your email address is confirmed" subtitle={`Thank you: ${verified.verified} is confirmed, and your account is no longer limited as a new one.`}>
        <Link to="/" className="btn-primary inline-block">
          Go to the community
        </Link>
      </AuthCard>
    );
  if (state === "spent" || errorsOf(verified).fields.token)
    return <SpentLink again={signedIn ? (pending ? { to: "/verify-email", label: "Get a new link" } : null) : { to: "/login?redirectTo=%2Fverify-email", label: "Log in to get a new link" }} />;

  if (state === "confirm")
    return (
      <AuthCard title="Confirm your email address" subtitle="Press the button to confirm that this address is yours.">
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="token" value={token ?? ""} />
          <FormError errors={messagesOf(verified)} />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {busy ? "Confirming…" : "Confirm my email address"}
          </button>
        </Form>
      </AuthCard>
    );

  if (state === "pending" && pending)
    return (
      <AuthCard title="Confirm your email address" subtitle={`We sent a link to ${pending.email}. Open it to confirm the address; it works for 48 hours.`}>
        <div className="space-y-4">
          {resent && "resent" in resent && resent.resent ? (
            <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="verification-resent">
              We sent a new link to {resent.resent}. Only the newest link works.
            </p>
          ) : null}
          <FormError errors={messagesOf(resent)} />
          <p className="text-sm text-slate-600">Nothing arrived? Look in your spam folder, or have us send it again.</p>
          <ResendForm />
          <p className="text-sm text-slate-600">
            Wrong address?{" "}
            <Link to="/settings/account" className="link">
              Change it in your settings
            </Link>
          </p>
        </div>
      </AuthCard>
    );

  if (state === "confirmed")
    return (
      <AuthCard title="Your email address is confirmed" subtitle="There is nothing to do here.">
        <Link to="/" className="btn-primary inline-block">
          Go to the community
        </Link>
      </AuthCard>
    );

  return (
    <AuthCard title="Confirm your email address" subtitle="Open the link in the email we sent you. To have it sent again, log in first.">
      <Link to="/login?redirectTo=%2Fverify-email" className="btn-primary inline-block">
        Log in
      </Link>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
