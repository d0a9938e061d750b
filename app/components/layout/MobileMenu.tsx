import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SearchBox } from "../SearchBox";

export type MenuLink = { to: string; label: string };

const itemClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-2.5 text-base font-medium ${isActive ? "bg-slate-100 text-slate-900" : "text-slate-700 hover:bg-slate-50 hover:text-slate-900"}`;

/**
 * The phone menu: a native `<details>` disclosure, so it opens by keyboard and without JavaScript;
 * with JavaScript it also closes on Escape (focus back on the button), on a click outside and after navigating.
 */
export function MobileMenu({ links, staffLinks, signedIn }: { links: MenuLink[]; staffLinks: MenuLink[]; signedIn: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.key]);

  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const close = (returnFocus: boolean) => {
      if (!details.open) return;
      details.open = false;
      if (returnFocus) details.querySelector("summary")?.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close(true);
    };
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !details.contains(e.target)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, []);

  return (
    <details ref={ref} className="group lg:hidden" data-testid="menu">
      <summary className="flex cursor-pointer list-none items-center rounded-md p-2 text-slate-700 hover:bg-slate-50 hover:text-slate-900 [&::-webkit-details-marker]:hidden">
        <span className="sr-only">Menu</span>
        <svg viewBox="0 0 24 24" className="h-6 w-6 group-open:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
        <svg viewBox="0 0 24 24" className="hidden h-6 w-6 group-open:block" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </summary>
      {/* Positioned against the sticky header, so the drawer spans the screen just under it. */}
      <div className="absolute inset-x-0 top-full max-h-[calc(100dvh-4rem)] overflow-y-auto border-b border-slate-200 bg-white px-4 pb-6 pt-4 shadow-lg">
        {/* Named apart from the header's box, so each search field has its own name. */}
        <SearchBox id="menu-search" label="Find a question or answer" landmark="Menu" button="btn-secondary" />
        <nav aria-label="Menu" className="mt-4">
          <ul className="space-y-1">
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to} end={l.to === "/"} className={itemClass}>
                  {l.label}
                </NavLink>
              </li>
            ))}
          </ul>
          {staffLinks.length ? (
            <>
              <h2 className="mt-5 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Staff</h2>
              <ul className="mt-1 space-y-1">
                {staffLinks.map((l) => (
                  <li key={l.to}>
                    <NavLink to={l.to} className={itemClass}>
                      {l.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </nav>
        <div className="mt-5 grid grid-cols-2 gap-3 border-t border-slate-200 pt-5">
          {signedIn ? (
            <>
              <Link to="/ask" className="btn-primary">
                Ask a question
              </Link>
              <Form method="post" action="/logout" className="contents">
                <button type="submit" className="btn-secondary">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login" className="btn-secondary">
                Log in
              </Link>
              <Link to="/signup" className="btn-primary">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </details>
  );
}
