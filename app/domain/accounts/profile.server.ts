/** What a member's profile shows beside their username (a display name, a short bio, an avatar), their time zone and their mail choices, edited by the member. */
import { eq } from "drizzle-orm";
import { isTimeZone } from "~/format";
import { z } from "zod";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { now } from "~/clock";
import { ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { effectiveEmailPrefs, emailPrefsInput } from "~/domain/notifications/preferences";
import { mergeEmailPrefs } from "~/domain/notifications/preferences.server";
import { parseInput } from "~/domain/validate";
import { avatarUrl } from "./present";

// An empty field clears it; absent leaves it as it is.
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

export const profileSchema = z.object({
  displayName: optionalText(60, "Display names have at most 60 characters."),
  bio: optionalText(500, "Keep the bio under 500 characters."),
  // null (or an empty field) goes back to the browser's zone.
  timeZone: z
    .string()
    .trim()
    .transform((v) => v || null)
    .refine((v) => v === null || isTimeZone(v), "Use an IANA time zone name, such as America/Los_Angeles or Europe/Berlin.")
    .nullable()
    .optional(),
  // Which notifications also come by mail (any subset of kinds); the rest keep their choice.
  notifications: emailPrefsInput.optional(),
});

type ProfileRow = { displayName: string | null; bio: string | null; timeZone: string | null; avatarPath: string | null; emailPrefs: Parameters<typeof effectiveEmailPrefs>[0] };

function presentProfile(row: ProfileRow) {
  return { displayName: row.displayName, bio: row.bio, timeZone: row.timeZone, avatarUrl: avatarUrl(row.avatarPath), notifications: effectiveEmailPrefs(row.emailPrefs) };
}

const profileColumns = { displayName: users.displayName, bio: users.bio, timeZone: users.timeZone, avatarPath: users.avatarPath, emailPrefs: users.emailPrefs };

/** The member's own editable settings, for the settings page and PATCH /me's answer. */
export async function myProfile(actor: Actor | null) {
  const me = ensureSignedIn(actor);
  const [row] = await db().select(profileColumns).from(users).where(eq(users.id, me.id));
  if (!row) throw new NotFoundError("No such member.");
  return presentProfile(row);
}

/** The signed-in member edits their own profile (and, in the same transaction, their mail choices). */
export async function updateProfile(actor: Actor | null, input: unknown) {
  const me = ensureActive(actor);
  const data = parseInput(profileSchema, input);
  const row = await transact(async (tx) => {
    if (data.notifications && Object.keys(data.notifications).length) await mergeEmailPrefs(tx, me.id, data.notifications);
    const [updated] = await tx
      .update(users)
      .set({
        ...(data.displayName !== undefined ? { displayName: data.displayName } : {}),
        ...(data.bio !== undefined ? { bio: data.bio } : {}),
        ...(data.timeZone !== undefined ? { timeZone: data.timeZone } : {}),
        updatedAt: now(),
      })
      .where(eq(users.id, me.id))
      .returning(profileColumns);
    return updated;
  });
  return presentProfile(row);
}
