import { can, type Viewer } from "./actor";

export const categoryVisibilities = ["public", "advocates", "staff"] as const;
export type CategoryVisibility = (typeof categoryVisibilities)[number];

/** Private categories: the advocates' lounge is for advocates and staff; staff categories for staff. */
export function canSeeCategory(actor: Viewer, visibility: CategoryVisibility): boolean {
  if (visibility === "public") return true;
  if (visibility === "advocates") return can(actor, "category:read-advocates");
  return can(actor, "category:read-staff");
}

/** The category visibilities this actor may read, for filtering lists, search and feeds. */
export function visibleCategoryKinds(actor: Viewer): CategoryVisibility[] {
  return categoryVisibilities.filter((v) => canSeeCategory(actor, v));
}

export function canManageCategories(actor: Viewer): boolean {
  return can(actor, "category:manage");
}
