/**
 * One-click unsubscribe (RFC 8058): the signed token is the whole authority,
 * so it works signed out, from a mail client's POST, and only ever changes
 * the member it was made for.
 */
import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { readUnsubscribeToken, type UnsubscribeScope } from "~/domain/mail/links.server";
import { effectiveEmailPrefs, emailKindLabels, emailNotificationKinds, isEmailKind } from "~/domain/notifications/preferences";

export function scopeLabel(scope: UnsubscribeScope): string {
  if (scope === "weekly_digest") return "the weekly digest of what you follow";
  if (scope === "daily_digest") return "the daily digest";
  if (scope === "all") return "every notification and digest";
  const kind = scope.slice("kind:".length);
  return isEmailKind(kind) ? `"${emailKindLabels[kind]}"` : "these notifications";
}

const refused = () => new ValidationError({ token: ["This unsubscribe link is not valid. Change what we send you in your notification settings."] });

/** The link's member and scope, for a member who is still there; refused otherwise. */
async function readLink(token: string) {
  const read = await readUnsubscribeToken(token);
  if (!read) throw refused();
  const [member] = await db().select({ deletedAt: users.deletedAt }).from(users).where(eq(users.id, read.userId));
  if (!member || member.deletedAt) throw refused();
  return read;
}

/** What a link would stop, without changing anything (the page a person sees before they confirm). */
export async function describeUnsubscribe(token: string) {
  const { scope } = await readLink(token);
  return { scope, label: scopeLabel(scope) };
}

export async function unsubscribe(token: string) {
  const read = await readLink(token);
  const { scope } = read;
  const label = scopeLabel(scope);
  await transact(async (tx) => {
    const [row] = await tx.select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, read.userId));
    const prefs = effectiveEmailPrefs(row?.prefs);
    if (scope === "weekly_digest") return tx.update(users).set({ weeklyDigest: false }).where(eq(users.id, read.userId));
    if (scope === "daily_digest") {
      for (const k of emailNotificationKinds) if (prefs[k] === "daily") prefs[k] = "off";
      return tx.update(users).set({ emailPrefs: prefs }).where(eq(users.id, read.userId));
    }
    if (scope === "all") {
      for (const k of emailNotificationKinds) prefs[k] = "off";
      return tx.update(users).set({ emailPrefs: prefs, weeklyDigest: false }).where(eq(users.id, read.userId));
    }
    const kind = scope.slice("kind:".length);
    if (isEmailKind(kind)) prefs[kind] = "off";
    return tx.update(users).set({ emailPrefs: prefs }).where(eq(users.id, read.userId));
  });
  return { scope, label };
}
