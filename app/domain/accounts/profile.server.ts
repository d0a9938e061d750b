/** What a member's profile shows beside their username: a display name and a short bio, edited by the member. */
import { eq } from "drizzle-orm";
import { isTimeZone } from "~/format";
import { z } from "zod";
import { users } from "#db/schema";
import { now } from "~/clock";
import { ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";

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
  // null goes back to the browser's zone.
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, "Use an IANA time zone name, such as America/Los_Angeles or Europe/Berlin.")
    .nullable()
    .optional(),
});

/** The signed-in member edits their own profile. */
export async function updateProfile(actor: Actor | null, input: unknown) {
  const me = ensureActive(actor);
  const data = parseInput(profileSchema, input);
  const [row] = await transact((tx) =>
    tx
      .update(users)
      .set({
        ...(data.displayName !== undefined ? { displayName: data.displayName } : {}),
        ...(data.bio !== undefined ? { bio: data.bio } : {}),
        ...(data.timeZone !== undefined ? { timeZone: data.timeZone } : {}),
        updatedAt: now(),
      })
      .where(eq(users.id, me.id))
      .returning({ displayName: users.displayName, bio: users.bio, timeZone: users.timeZone }),
  );
  return row;
}
