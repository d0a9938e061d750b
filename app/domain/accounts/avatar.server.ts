/**
 * Avatars: an uploaded image is sniffed by its bytes (never its name or the
 * type the browser claims), re-encoded by sharp to a 256px square WebP, and
 * stored under DATA_DIR/media/avatars with a random name. Re-encoding is the
 * point: what we serve is an image we made, so metadata (a phone's GPS
 * position) and anything smuggled after the pixels are gone.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { ensureActive, type Actor } from "~/auth/policies";
import { now } from "~/clock";
import { config } from "~/config.server";
import { ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { log } from "~/log.server";

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 256;
const accepted = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);
// What avatarPath may be: our own random names only, so a stored path never walks out of the folder.
const fileName = /^[a-f0-9]{32}\.webp$/;

function mediaDir() {
  return path.join(config().dataDir, "media");
}

const refuse = (message: string) => new ValidationError({ avatar: [message] }, message);

/** Checks and re-encodes an upload; bad input is a 400 naming the avatar field. */
export async function avatarImage(bytes: Uint8Array): Promise<Buffer> {
  if (!bytes.byteLength) throw refuse("Choose an image to upload.");
  if (bytes.byteLength > AVATAR_MAX_BYTES) throw refuse("That image is larger than 5 MB. Choose a smaller one.");
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !accepted.has(type.mime)) throw refuse("Use a PNG, JPEG, WebP or GIF image.");
  try {
    // `limitInputPixels` keeps a tiny file that decodes to a vast canvas (a decompression bomb) from eating the server's memory.
    return await sharp(bytes, { limitInputPixels: 50_000_000, animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw refuse("That image could not be read. Try another file.");
  }
}

/** Removes a stored avatar's file (after the row stopped pointing at it). */
export async function removeAvatarFile(avatarPath: string | null | undefined) {
  if (!avatarPath) return;
  const name = path.basename(avatarPath);
  if (!fileName.test(name)) return;
  await rm(path.join(mediaDir(), "avatars", name), { force: true }).catch((err) => log.warn(`could not remove avatar ${name}`, err));
}

/** Stores a new avatar for a member (their own, or the seed's) and returns its path under DATA_DIR/media. */
export async function storeAvatar(userId: string, bytes: Uint8Array) {
  const image = await avatarImage(bytes);
  const name = `${randomBytes(16).toString("hex")}.webp`;
  const dir = path.join(mediaDir(), "avatars");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), image);
  const avatarPath = `avatars/${name}`;
  const [before] = await db().select({ avatarPath: users.avatarPath }).from(users).where(eq(users.id, userId));
  await transact((tx) => tx.update(users).set({ avatarPath, updatedAt: now() }).where(eq(users.id, userId)));
  // The old file goes only once the row points at the new one: a failed update leaves a stray file, never a broken avatar.
  await removeAvatarFile(before?.avatarPath);
  return avatarPath;
}

/** The signed-in member uploads an avatar. */
export async function setAvatar(actor: Actor | null, bytes: Uint8Array) {
  const me = ensureActive(actor);
  return storeAvatar(me.id, bytes);
}

/** Back to initials. */
export async function removeAvatar(actor: Actor | null) {
  const me = ensureActive(actor);
  await clearAvatar(me.id);
}

export async function clearAvatar(userId: string) {
  const [before] = await db().select({ avatarPath: users.avatarPath }).from(users).where(eq(users.id, userId));
  if (!before?.avatarPath) return;
  await transact((tx) => tx.update(users).set({ avatarPath: null, updatedAt: now() }).where(eq(users.id, userId)));
  await removeAvatarFile(before.avatarPath);
}

/** An avatar's bytes by its file name, or null (unknown, or not a name we make). */
export async function readAvatar(name: string): Promise<Buffer | null> {
  if (!fileName.test(name)) return null;
  return readFile(path.join(mediaDir(), "avatars", name)).catch(() => null);
}
