import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { ensureSignedIn, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { effectiveEmailPrefs, emailPrefsInput, type EmailPrefs } from "./preferences";

export async function emailPrefsOf(userId: string): Promise<{ prefs: EmailPrefs; weeklyDigest: boolean } | null> {
  const [row] = await db().select({ prefs: users.emailPrefs, weeklyDigest: users.weeklyDigest }).from(users).where(eq(users.id, userId));
  return row ? { prefs: effectiveEmailPrefs(row.prefs), weeklyDigest: row.weeklyDigest } : null;
}

/** Merges the given kinds' choices into the member's own (kinds not named keep theirs); returns the result. */
export async function updateEmailPrefs(actor: Actor | null, input: unknown, weeklyDigest?: boolean): Promise<EmailPrefs> {
  const me = ensureSignedIn(actor);
  const changes = parseInput(emailPrefsInput, input ?? {});
  const [row] = await db().select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, me.id));
  const next = effectiveEmailPrefs({ ...(row?.prefs ?? {}), ...changes });
  await transact((tx) =>
    tx
      .update(users)
      .set({ emailPrefs: next, ...(weeklyDigest === undefined ? {} : { weeklyDigest }) })
      .where(eq(users.id, me.id)),
  );
  return next;
}
