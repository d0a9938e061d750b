import { eq } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { users } from "#db/schema";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { effectiveEmailPrefs, emailPrefsInput, type EmailPrefs } from "./preferences";

export async function emailPrefsOf(userId: string): Promise<{ prefs: EmailPrefs; weeklyDigest: boolean } | null> {
  const [row] = await db().select({ prefs: users.emailPrefs, weeklyDigest: users.weeklyDigest }).from(users).where(eq(users.id, userId));
  return row ? { prefs: effectiveEmailPrefs(row.prefs), weeklyDigest: row.weeklyDigest } : null;
}

/** Merges parsed choices into a member's own inside the caller's transaction (PATCH /me changes them with the profile, at once). */
export async function mergeEmailPrefs(tx: Executor, userId: string, changes: Partial<EmailPrefs>, weeklyDigest?: boolean): Promise<EmailPrefs> {
  // Locked: two tabs saving different kinds at once must both land.
  const [row] = await tx.select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, userId)).for("update");
  const next = effectiveEmailPrefs({ ...(row?.prefs ?? {}), ...changes });
  await tx
    .update(users)
    .set({ emailPrefs: next, ...(weeklyDigest === undefined ? {} : { weeklyDigest }) })
    .where(eq(users.id, userId));
  return next;
}

/** Merges the given kinds' choices into the member's own (kinds not named keep theirs); returns the result. */
export async function updateEmailPrefs(actor: Actor | null, input: unknown, weeklyDigest?: boolean): Promise<EmailPrefs> {
  const me = ensureSignedIn(actor);
  const changes = parseInput(emailPrefsInput, input ?? {});
  return transact((tx) => mergeEmailPrefs(tx, me.id, changes, weeklyDigest));
}
