import { Form, Link, NavLink } from "@remix-run/react";
import { MobileMenu, type MenuLink } from "./layout/MobileMenu";
import { useOnlineCount } from "~/realtime/client";
import { useRevalidateOn } from "~/realtime/hooks";
import { Avatar } from "./Avatar";

function NavItem({ to, children, className = "" }: { to: string; children: string; className?: string }) {
  return (
    <NavLink
      to={to}
      end={to === "/"}
      className={({ isActive }) =>
        `${className} whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"}`
      }
    >
      {children}
    </NavLink>
  );
}

/** Staff tools behind one menu: a native disclosure, so it opens by keyboard and without JavaScript. */
const staffLinks: MenuLink[] = [
  { to: "/staff/queue", label: "Staff queue" },
  { to: "/staff/review", label: "Review queue" },
  { to: "/admin/sla", label: "Service levels" },
  { to: "/admin/saved-replies", label: "Saved replies" },
  { to: "/admin/webhooks", label: "Webhooks" },
  { to: "/admin/advocates", label: "Advocate programme" },
  { to: "/admin/users", label: "Members" },
  { to: "/admin/categories", label: "Categories" },
  { to: "/admin/search", label: "Search settings" },
];

const mainLinks: MenuLink[] = [
  { to: "/", label: "Home" },
  { to: "/questions", label: "Questions" },
  { to: "/townhalls", label: "Town halls" },
  { to: "/leaderboard", label: "Leaderboard" },
];

function StaffMenu({ links }: { links: MenuLink[] }) {
  return (
    <details className="group relative hidden lg:block">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-50 hover:text-slate-900">
        Staff
        <svg viewBox="0 0 20 20" className="h-4 w-4 transition-transform group-open:rotate-180" fill="currentColor" aria-hidden="true">
          <path d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
        </svg>
      </summary>
      <div className="absolute left-0 z-30 mt-1 w-56 rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
        {links.map((l) => (
          <Link key={l.to} to={l.to} className="block px-4 py-2 text-sm text-slate-700 hover:bg-slate-50 hover:text-slate-900">
            {l.label}
          </Link>
        ))}
      </div>
    </details>
  );
}

function OnlineCount({ initial, crowded }: { initial: number; crowded: boolean }) {
  const count = useOnlineCount(initial);
  return (
    <span className={`hidden items-center gap-1.5 whitespace-nowrap text-xs text-slate-500 ${crowded ? "2xl:inline-flex" : "xl:inline-flex"}`} data-testid="online-count" aria-live="polite">
      <span className="h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true" />
      <span>
        <span data-testid="online-number">{count}</span> online
      </span>
    </span>
  );
}

function Bell({ unread }: { unread: number }) {
  useRevalidateOn(["notification:created"]);
  return (
    <Link
      to="/notifications"
      className="relative rounded-md p-2 text-slate-600 hover:bg-slate-50 hover:text-slate-900"
      aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
      data-testid="bell"
    >
      <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span className="absolute -right-0.5 -top-0.5 min-w-[1.1rem] rounded-full bg-rose-600 px-1 text-center text-[11px] font-semibold leading-[1.1rem] text-white" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

/** `staffTools`: the loader says whether this visitor gets the staff menu (the policies decide). `communityName`: as first-run setup named it. */
export function SiteHeader({
  user,
  online,
  unread,
  staffTools,
  auditLog = false,
  mailOutbox = false,
  communityName = "Nimbus Community",
}: {
  user: { username: string; avatarUrl?: string | null } | null;
  online: number;
  unread: number;
  staffTools: boolean;
  /** Admins also get the staff action log. */
  auditLog?: boolean;
  mailOutbox?: boolean;
  communityName?: string;
}) {
  const tools = staffTools
    ? [...staffLinks, ...(auditLog ? [{ to: "/admin/audit", label: "Staff action log" }] : []), ...(mailOutbox ? [{ to: "/admin/mail", label: "Mail outbox" }] : [])]
    : [];
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-2 px-3 sm:gap-4 sm:px-4">
        {/* The name stays the link's accessible name where only the mark shows. */}
        <Link to="/" className="flex shrink-0 items-center gap-2 rounded-lg font-bold text-slate-900">
          <span className="inline-flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 text-white" aria-hidden="true">
            {communityName.charAt(0).toUpperCase()}
          </span>
          <span className="sr-only whitespace-nowrap 2xl:not-sr-only">{communityName}</span>
        </Link>
        {/* Below `lg` the same links live in the menu drawer, so nothing scrolls sideways. */}
        <nav aria-label="Main" className="hidden min-w-0 items-center gap-1 lg:flex">
          {mainLinks.map((l) => (
            <NavItem key={l.to} to={l.to}>
              {l.label}
            </NavItem>
          ))}
        </nav>
        {tools.length ? <StaffMenu links={tools} /> : null}
        <form method="get" action="/search" role="search" aria-label="Site" className="ml-auto hidden w-40 shrink-0 lg:block xl:w-44">
          <label htmlFor="header-search" className="sr-only">
            Search the community
          </label>
          <input id="header-search" name="q" type="search" placeholder="Search the community" className="input py-1.5" />
        </form>
        <div className="ml-auto flex items-center gap-1 sm:gap-2 lg:ml-0 lg:gap-3">
          <OnlineCount initial={online} crowded={staffTools} />
          {/* On a phone, search is one tap away rather than inside the menu only. */}
          <Link to="/search" className="rounded-md p-2 text-slate-600 hover:bg-slate-50 hover:text-slate-900 lg:hidden" aria-label="Search">
            <SearchIcon />
          </Link>
          {user ? (
            <div className="flex items-center gap-1 sm:gap-2">
              <Link to="/ask" className="btn-primary hidden px-3 py-1.5 lg:inline-flex">
                Ask
              </Link>
              {/* An icon like the bell beside it: the header has no room left for another word. */}
              <Link to="/following" className="hidden rounded-md p-2 text-slate-600 hover:bg-slate-50 hover:text-slate-900 sm:inline-flex" aria-label="Following" title="Following" data-testid="following-link">
                <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                  <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />
                </svg>
              </Link>
              <Bell unread={unread} />
              <Link to="/settings" className="hidden rounded-md p-2 text-slate-600 hover:bg-slate-50 hover:text-slate-900 sm:inline-flex" aria-label="Settings" title="Settings" data-testid="settings-link">
                <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                  <circle cx="12" cy="12" r="3" />
                  <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
                </svg>
              </Link>
              <Link to={`/u/${user.username}`} className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-slate-50" data-testid="current-user">
                <Avatar username={user.username} size="sm" src={user.avatarUrl} />
                <span className="sr-only text-sm font-medium text-slate-800 sm:not-sr-only" data-testid="current-username">
                  {user.username}
                </span>
              </Link>
              <Form method="post" action="/logout" className="hidden lg:block">
                <button type="submit" className="btn-ghost whitespace-nowrap px-3 py-1.5">
                  Log out
                </button>
              </Form>
            </div>
          ) : (
            <div className="flex items-center gap-2">
              <Link to="/login" className="btn-ghost hidden whitespace-nowrap px-3 py-1.5 sm:inline-flex">
                Log in
              </Link>
              <Link to="/signup" className="btn-primary whitespace-nowrap px-3 py-1.5">
                Sign up
              </Link>
            </div>
          )}
          {/* On a phone the Following link sits in the drawer with the others. */}
          <MobileMenu links={user ? [...mainLinks, { to: "/following", label: "Following" }, { to: "/settings", label: "Settings" }] : mainLinks} staffLinks={tools} signedIn={Boolean(user)} />
        </div>
      </div>
    </header>
  );
}
