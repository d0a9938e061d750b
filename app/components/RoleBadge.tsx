import type { Role } from "~/auth/policies";

const labels: Record<Role, string> = { customer: "Customer", advocate: "Advocate", staff: "Staff", admin: "Admin" };

/** The roles that carry a mark by their name; the others show one only where the role is the point (a profile). */
const marks: Partial<Record<Role, string>> = {
  advocate: "bg-amber-100 text-amber-800 ring-amber-200",
  staff: "bg-brand-100 text-brand-800 ring-brand-200",
  admin: "bg-violet-100 text-violet-800 ring-violet-200",
};

/** The mark that tells readers who answers for the brand. Customers carry none. */
export function RoleBadge({ role, always = false }: { role: Role; always?: boolean }) {
  const mark = marks[role];
  if (!mark && !always) return null;
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${mark ?? "bg-slate-100 text-slate-700 ring-slate-200"}`}>
      {labels[role]}
    </span>
  );
}
