import type { Role } from "~/auth/permissions";

const styles: Record<Role, string> = {
  customer: "",
  advocate: "bg-amber-100 text-amber-800 ring-amber-200",
  staff: "bg-brand-100 text-brand-800 ring-brand-200",
  admin: "bg-violet-100 text-violet-800 ring-violet-200",
};

const labels: Record<Role, string> = { customer: "Customer", advocate: "Advocate", staff: "Staff", admin: "Admin" };

/** The mark that tells readers who answers for the brand. Customers carry none. */
export function RoleBadge({ role, always = false }: { role: Role; always?: boolean }) {
  if (role === "customer" && !always) return null;
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[role] || "bg-slate-100 text-slate-700 ring-slate-200"}`}>
      {labels[role]}
    </span>
  );
}
