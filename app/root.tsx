import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SiteHeader } from "~/components/SiteHeader";
import { BadgeToasts } from "~/components/BadgeToasts";
import { RealtimeProvider } from "~/realtime/client";
import { layoutPage } from "~/domain/accounts/layout-page.server";
import { siteFrame } from "~/domain/setup/first-run.server";
import { SetupBanner } from "~/components/setup/SetupBanner";
import { RestrictionBanner } from "~/components/moderation/RestrictionBanner";
import { VerifyEmailBanner } from "~/components/accounts/VerifyEmailBanner";
import { runtime } from "~/runtime.server";
import { TimeZoneCookie } from "~/components/TimeZone";
import { newClientKey } from "~/components/ClientKey";
import { browserTimeZone, viewerTimeZone } from "~/http/time-zone.server";
import "~/http/context";
import { useNonce } from "~/nonce";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.site.communityName ?? "Nimbus Community" },
  { name: "description", content: "Answers from Nimbus customers, advocates and staff." },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const [layout, site] = await Promise.all([layoutPage(context.auth.actor, context.auth), siteFrame()]);
  const timeZone = viewerTimeZone(request, context.auth);
  // clientKey: a fresh seed for the idempotency keys of this page's forms (see ClientKey.tsx).
  return json({ ...layout, site, online: runtime.onlineCount(), timeZone, browserTimeZone: browserTimeZone(request), clientKey: newClientKey() });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Here rather than in meta(): a route's own meta replaces the root's. */}
        <meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
        <meta name="theme-color" content="#0f172a" media="(prefers-color-scheme: dark)" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full">
        <RealtimeProvider>
          {data?.site.setupPending ? <SetupBanner /> : null}
          <SiteHeader
            user={data?.user ?? null}
            online={data?.online ?? 0}
            unread={data?.unread ?? 0}
            staffTools={data?.can.useStaffTools ?? false}
            auditLog={data?.can.readAudit ?? false}
            mailOutbox={data?.can.readMail ?? false}
            communityName={data?.site.communityName}
          />
          <RestrictionBanner suspended={data?.restrictions.suspended ?? null} silenced={data?.restrictions.silenced ?? null} />
          {data?.verification ? <VerifyEmailBanner email={data.verification.email} /> : null}
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
          <footer className="border-t border-slate-200 px-4 py-8 text-center text-xs text-slate-600">
            Nimbus Community: answers from customers, advocates and the Nimbus team. ·{" "}
            <a href="/help/reputation" className="underline decoration-slate-300 underline-offset-2 hover:text-slate-900">
              Reputation and privileges
            </a>{" "}
            ·{" "}
            <a href="/badges" className="underline decoration-slate-300 underline-offset-2 hover:text-slate-900">
              Badges
            </a>{" "}
            ·{" "}
            <a href="/townhalls.ics" className="underline decoration-slate-300 underline-offset-2 hover:text-slate-900">
              Town hall calendar
            </a>
          </footer>
          {data?.user ? <BadgeToasts /> : null}
          <TimeZoneCookie />
        </RealtimeProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Says on <html> that the page has hydrated: browser tests wait for it rather than for an idle network.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
