import { Link } from "@remix-run/react";

const tierStyles = {
  bronze: "bg-orange-50 text-orange-800 ring-orange-200",
  silver: "bg-slate-100 text-slate-700 ring-slate-300",
  gold: "bg-yellow-50 text-yellow-800 ring-yellow-300",
} as const;

const dots = { bronze: "bg-orange-400", silver: "bg-slate-400", gold: "bg-yellow-400" } as const;

export type Tier = keyof typeof tierStyles;

/** A badge as a link to its holders, coloured by tier. */
export function BadgePill({ slug, name, tier, title }: { slug: string; name: string; tier: Tier; title?: string }) {
  return (
    <Link
      to={`/badges/${slug}`}
      title={title}
      data-testid={`badge-${slug}`}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset hover:brightness-95 ${tierStyles[tier]}`}
    >
      <span className={`h-2 w-2 rounded-full ${dots[tier]}`} aria-hidden="true" />
      {name}
      <span className="sr-only"> ({tier} badge)</span>
    </Link>
  );
}
