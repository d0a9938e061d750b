/**
 * Keys the forum makes for itself (HMAC keys for signed links and tokens):
 * created by the first node that needs one, then read by all from
 * `app_secrets`. Cached per database handle, so a test that opens a fresh
 * database gets that database's key.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { appSecrets } from "#db/schema";

const cache = new WeakMap<object, Map<string, Buffer>>();

export async function appSecretKey(name: string): Promise<Buffer> {
  const database = db();
  const known = cache.get(database) ?? new Map<string, Buffer>();
  cache.set(database, known);
  const hit = known.get(name);
  if (hit) return hit;
  await database.insert(appSecrets).values({ name, value: randomBytes(32).toString("hex") }).onConflictDoNothing();
  const [row] = await database.select().from(appSecrets).where(eq(appSecrets.name, name));
  const key = Buffer.from(row.value, "hex");
  known.set(name, key);
  return key;
}
