/**
 * The forum's clock: the moment a command stamps on what it writes (rows,
 * reputation buckets, SLA deadlines, rate-limit windows). In the server it is
 * the wall clock and nothing moves it. A task that writes history rather than
 * news, the demo seed, pins it to the moment each step of that history
 * happens, so the commands date everything as they would have then
 * (docs/decisions/007-seed-through-the-domain.md).
 *
 * Kernel: no imports, so the schema (column defaults), the domain and the
 * command-line tasks can all read it.
 */
let pinned: number | null = null;

/** Now, as the forum's writes see it. */
export function now(): Date {
  return new Date(pinned ?? Date.now());
}

/** `now()` in milliseconds since the epoch. */
export function nowMs(): number {
  return pinned ?? Date.now();
}

/** Pins the clock at `at`, or (null) gives it back to the wall clock. For the seed and tests; the server never calls it. */
export function setClock(at: Date | null): void {
  if (at && Number.isNaN(at.getTime())) throw new Error("setClock: not a date");
  pinned = at ? at.getTime() : null;
}

export function clockIsPinned(): boolean {
  return pinned !== null;
}
