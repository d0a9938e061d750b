/**
 * Deleting one's account. The row stays, anonymised, so that questions,
 * answers and the reputation ledger keep an author and their totals still
 * add up ("deleted user"); everything that identifies the member or lets
 * anyone in goes, in one transaction: a half-deleted account would be worse
 * than either.
 */
import { randomBytes } from "node:crypto";
import { and, count, eq, isNull, ne, or } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { accountTokens, answers, apiTokens, mailMessages, questions, sessions, userIdentities, users, watches } from "#db/schema";
import { verifyPassword } from "~/auth/password.server";
import { adminRole, deletionRemovesAdmin, ensureSignedIn, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { enqueueSearch } from "#search/outbox.server";
import { removeAvatarFile } from "./avatar.server";
import { DELETED_DISPLAY_NAME, DELETED_PREFIX } from "./present";

const deleteSchema = z.object({
  password: z.string({ required_error: "Enter your password to confirm." }).min(1, "Enter your password to confirm.").max(200),
});

// Not an argon2 hash, so no password ever verifies against it.
const UNUSABLE_PASSWORD = "!deleted";

export async function deleteMyAccount(actor: Actor | null, input: unknown) {
  const me = ensureSignedIn(actor);
  const { password } = parseInput(deleteSchema, input);
  const [user] = await db().select().from(users).where(eq(users.id, me.id));
  if (!user || user.deletedAt) throw new NotFoundError("No such member.");
  if (!(await verifyPassword(user.passwordHash, password))) throw new ValidationError({ password: ["That is not your password."] }, "That is not your password.");
  await transact(async (tx, events) => {
    const [row] = await tx.select({ role: users.role }).from(users).where(eq(users.id, user.id)).for("update");
    if (row && deletionRemovesAdmin(row)) {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, adminRole), ne(users.id, user.id), isNull(users.deletedAt)));
      if ((others?.n ?? 0) === 0) throw new ValidationError({ _form: ["You are the only admin: make someone else an admin before deleting your account."] }, "You are the only admin: make someone else an admin before deleting your account.");
    }
    const short = user.id.slice(0, 8).toLowerCase();
    // The random tail keeps the unique indexes happy even if two ids share their first characters.
    const tail = randomBytes(3).toString("hex");
    await tx
      .update(users)
      .set({
        username: `${DELETED_PREFIX}${short}${tail}`,
        displayName: DELETED_DISPLAY_NAME,
        email: `${DELETED_PREFIX}${user.id.toLowerCase()}@deleted.invalid`,
        emailVerifiedAt: null,
        bio: null,
        avatarPath: null,
        timeZone: null,
        passwordHash: UNUSABLE_PASSWORD,
        emailPrefs: {},
        weeklyDigest: false,
        deletedAt: now(),
        updatedAt: now(),
      })
      .where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await tx.delete(accountTokens).where(eq(accountTokens.userId, user.id));
    await tx.delete(apiTokens).where(eq(apiTokens.userId, user.id));
    await tx.delete(watches).where(eq(watches.userId, user.id));
    await tx.delete(userIdentities).where(eq(userIdentities.userId, user.id));
    // Mail not yet sent would go to an address the member took away with them.
    await tx.update(mailMessages).set({ status: "skipped", error: "account deleted" }).where(and(eq(mailMessages.userId, user.id), eq(mailMessages.status, "queued")));
    // The search documents name their authors: every question they asked or answered is rebuilt.
    const touched = await tx
      .selectDistinct({ id: questions.id })
      .from(questions)
      .leftJoin(answers, eq(answers.questionId, questions.id))
      .where(or(eq(questions.authorId, user.id), eq(answers.authorId, user.id)));
    const ids = touched.map((t) => t.id);
    for (let i = 0; i < ids.length; i += 5000) await enqueueSearch(tx, "questions", ids.slice(i, i + 5000));
    // Open sockets ride on sessions that are gone now: they are ended too.
    events.record({ type: "sessions.ended", userId: user.id });
  });
  // Only once the row no longer points at it: a refused deletion keeps its avatar.
  await removeAvatarFile(user.avatarPath);
}

