import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

const sections = [
  { to: "/settings", label: "Profile", end: true },
  { to: "/settings/account", label: "Email and password" },
  { to: "/settings/notifications", label: "Notifications" },
  { to: "/settings/sessions", label: "Sessions" },
  { to: "/settings/tokens", label: "API tokens" },
  { to: "/settings/data", label: "Your data" },
];

/** The settings sections, as tabs on wide screens and a scrolling row on a phone. */
export function SettingsNav() {
  return (
    <nav aria-label="Settings" className="-mx-1 flex gap-1 overflow-x-auto pb-1">
      {sections.map((s) => (
        <NavLink
          key={s.to}
          to={s.to}
          end={s.end}
          className={({ isActive }) =>
            `whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`
          }
        >
          {s.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Every settings page's frame: one heading, the sections, then the page's own cards. */
export function SettingsPage({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold text-slate-900">Settings</h1>
        <SettingsNav />
      </div>
      {children}
    </div>
  );
}
