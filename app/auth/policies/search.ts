import { can, type Viewer } from "./actor";

/** Synonyms and stop words shape every search: staff. */
export function canManageSearch(actor: Viewer): boolean {
  return can(actor, "search:manage");
}

/** Deflection figures (what search solved) are for staff. */
export function canReadSearchFigures(actor: Viewer): boolean {
  return can(actor, "search:read-figures");
}
