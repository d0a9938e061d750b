/**
 * A new forum's first run: until an admin exists, /setup creates one, names
 * the community and makes its first categories, all in one transaction.
 * `ADMIN_*` variables (app/domain/accounts/bootstrap.server.ts) create the
 * admin at start instead, and setup is then never pending.
 */
import { count, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { siteSettings, users } from "#db/schema";
import { adminRole, canRunSetup, ensure, type SetupAccess } from "~/auth/policies";
import { now } from "~/clock";
import { insertAccount, prepareAccount, raceRefusal } from "~/domain/accounts/signup.server";
import { invalidateCategories } from "~/domain/categories/categories.server";
import { insertFirstCategories } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { consumeSetupCode, setupCodeMatches } from "./setup-code.server";
import { defaultCategories, defaultCommunityName, setupSchema } from "./schemas";

export const ALREADY_SET_UP = "This forum is already set up: log in instead.";
export const SETUP_LOCKED =
  "Setup opens only on the machine the forum runs on, or at the /setup?code=… address that npm start printed in the server's terminal.";

/** Who is asking: whether the connection is the machine's own, and the code they brought, if any. */
export interface SetupRequest {
  fromMachine: boolean;
  code?: string | null;
}

const COMMUNITY_NAME = "community_name";
const SETUP_DONE = "setup_completed_at";

/**
 * Asked on every page while pending, so remembered: "done" for good (the
 * forum never loses its last admin), "pending" for two seconds, since another
 * node, the seed or an ADMIN_* start may create an admin meanwhile.
 */
let done = false;
let pendingUntil = 0;
let name: string | undefined;

export function invalidateSetupState() {
  pendingUntil = 0;
  name = undefined;
}

export async function needsSetup(): Promise<boolean> {
  if (done) return false;
  if (Date.now() < pendingUntil) return true;
  const [admin] = await db().select({ id: users.id }).from(users).where(eq(users.role, adminRole)).limit(1);
  done = Boolean(admin);
  if (!done) pendingUntil = Date.now() + 2000;
  return !done;
}

/** The community's name as setup stored it (forums set up by ADMIN_* or the seed keep the default). */
export async function communityName(): Promise<string> {
  if (name) return name;
  const [row] = await db().select({ value: siteSettings.value }).from(siteSettings).where(eq(siteSettings.name, COMMUNITY_NAME));
  const value = row?.value ?? defaultCommunityName;
  // Only setup writes it: once setup is done it no longer changes.
  if (await needsSetup()) return value;
  name = value;
  return value;
}

/** What every page's frame shows of the forum itself. */
export async function siteFrame() {
  const [setupPending, community] = await Promise.all([needsSetup(), communityName()]);
  return { setupPending, communityName: community };
}

async function ensureSetupOpen(request: SetupRequest) {
  if (!(await needsSetup())) throw new NotFoundError(ALREADY_SET_UP);
  const access: SetupAccess = { fromMachine: request.fromMachine, codeMatches: setupCodeMatches(request.code) };
  ensure(canRunSetup(access), () => new ForbiddenError(SETUP_LOCKED));
}

/** The setup form's starting values; 404 once set up, 403 for someone who may not run it. */
export async function setupPage(request: SetupRequest) {
  await ensureSetupOpen(request);
  return { defaults: { communityName: defaultCommunityName, categories: defaultCategories.join("\n") } };
}

/**
 * Creates the first admin through sign-up's own checks, stores the
 * community's name and makes the first categories, in one transaction. The
 * done-marker's primary key decides between two setups racing: the second
 * waits for the first to commit, finds the marker and is refused (409).
 */
export async function completeSetup(input: unknown, request: SetupRequest) {
  await ensureSetupOpen(request);
  const data = parseInput(setupSchema, input);
  const account = await prepareAccount({ email: data.email, username: data.username, password: data.password });
  let admin;
  try {
    admin = await transact(async (tx) => {
      const [won] = await tx.insert(siteSettings).values({ name: SETUP_DONE, value: now().toISOString() }).onConflictDoNothing().returning();
      if (!won) throw new ConflictError(ALREADY_SET_UP);
      const [admins] = await tx.select({ n: count() }).from(users).where(eq(users.role, adminRole));
      if ((admins?.n ?? 0) > 0) throw new ConflictError(ALREADY_SET_UP);
      const user = await insertAccount(tx, account, adminRole);
      await tx
        .insert(siteSettings)
        .values({ name: COMMUNITY_NAME, value: data.communityName })
        .onConflictDoUpdate({ target: siteSettings.name, set: { value: data.communityName, updatedAt: now() } });
      await insertFirstCategories(tx, data.categories);
      return user;
    });
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    throw await raceRefusal(account, err);
  }
  consumeSetupCode();
  invalidateSetupState();
  invalidateCategories();
  return admin;
}
