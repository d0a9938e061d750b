/**
 * Who may finish a new forum's setup. Nobody has an account yet, so the
 * actor cannot decide: the person at the machine the forum runs on may
 * (the request came over loopback), and so may whoever read the one-time
 * code that `npm start` printed in that machine's terminal.
 */
export interface SetupAccess {
  /** The connection's own peer address is loopback (never a forwarded header). */
  fromMachine: boolean;
  /** The request carried the code printed at start, and it matched. */
  codeMatches: boolean;
}

export function canRunSetup(access: SetupAccess): boolean {
  return access.fromMachine || access.codeMatches;
}
