import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { apiTokens, sessions, users } from "#db/schema";
import { createHash } from "node:crypto";
import { readSessionId, startSession, validateSessionId } from "~/auth/lucia.server";
import { actorFromToken } from "~/auth/tokens.server";
import { bootstrapAdmin } from "~/domain/accounts/bootstrap.server";
import { login } from "~/domain/accounts/login.server";
import { changeRole } from "~/domain/accounts/roles.server";
import { signup, TAKEN_MESSAGE } from "~/domain/accounts/signup.server";
import { createToken, deleteToken } from "~/domain/accounts/tokens.server";
import { listUsers, toActor } from "~/domain/accounts/users.server";
import { ConflictError, ForbiddenError, RateLimitedError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { useTestDatabase } from "../support/db";

useTestDatabase({ LOGIN_LIMIT_PER_ACCOUNT: "3", LOGIN_LIMIT_PER_IP: "5", LOGIN_LIMIT_WINDOW_SECONDS: "60", SIGNUP_LIMIT_PER_IP: "3" });

const password = "a-long-password-1";

describe("signing up", () => {
  it("creates a customer with an argon2id hash, never the password", async () => {
    const user = await signup({ email: "Dana@Example.com", username: "dana", password });
    expect(user.role).toBe("customer");
    expect(user.email).toBe("dana@example.com");
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user.passwordHash).not.toContain(password);
  });

  it("refuses a taken email or username whatever their case, naming the (public) username but never confirming the email", async () => {
    await signup({ email: "erin@example.com", username: "erin", password });
    const err = await signup({ email: "ERIN@example.com", username: "ERIN", password }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.fields).toEqual({ username: ["This username is taken."] });
    expect(err.message).toBe(TAKEN_MESSAGE);
    // The same answer whether or not the username is free too: the email is never named.
    const emailOnly = await signup({ email: "erin@example.com", username: "erin-two", password }).catch((e) => e);
    expect(emailOnly).toBeInstanceOf(ConflictError);
    expect(emailOnly.fields).toBeUndefined();
    expect(emailOnly.message).toBe(TAKEN_MESSAGE);
  });

  it("refuses passwords that are common or easy to guess, saying why", async () => {
    for (const weak of ["          ", "aaaaaaaaaa", "1234567890", "password123", "qwertyuiop"]) {
      const err = await signup({ email: "weak@example.com", username: "weakling", password: weak }).catch((e) => e);
      expect(err, weak).toBeInstanceOf(ValidationError);
      expect(err.fields.password[0]).toMatch(/too easy to guess/);
    }
    // Built from the account's own name.
    const own = await signup({ email: "kestrel@example.com", username: "kestrel", password: "kestrel2026" }).catch((e) => e);
    expect(own).toBeInstanceOf(ValidationError);
  });

  it("limits sign-ups from one address", async () => {
    for (let i = 0; i < 3; i++) await signup({ email: `burst${i}@example.com`, username: `burst${i}`, password }, { ip: "10.9.0.1" });
    await expect(signup({ email: "burst3@example.com", username: "burst3", password }, { ip: "10.9.0.1" })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(signup({ email: "burst4@example.com", username: "burst4", password }, { ip: "10.9.0.2" })).resolves.toMatchObject({ username: "burst4" });
  });

  it("explains every bad field at once", async () => {
    const err = await signup({ email: "nope", username: "x!", password: "short" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys(err.fields).sort()).toEqual(["email", "password", "username"]);
    expect(err.fields.password).toEqual(["Passwords have at least 10 characters."]);
  });
});

describe("logging in", () => {
  it("accepts the email or the username, in any case", async () => {
    await signup({ email: "fay@example.com", username: "Fay", password });
    expect((await login({ login: "FAY@example.com", password }, { ip: "10.0.0.1" })).username).toBe("Fay");
    expect((await login({ login: "fay", password }, { ip: "10.0.0.1" })).username).toBe("Fay");
  });

  it("answers an unknown account and a wrong password with the same error", async () => {
    await signup({ email: "gus@example.com", username: "gus", password });
    const wrong = await login({ login: "gus", password: "wrong-password" }, { ip: "10.0.0.2" }).catch((e) => e);
    const unknown = await login({ login: "nobody-here", password: "wrong-password" }, { ip: "10.0.0.2" }).catch((e) => e);
    expect(wrong).toBeInstanceOf(UnauthenticatedError);
    expect(unknown).toBeInstanceOf(UnauthenticatedError);
    expect(wrong.message).toBe(unknown.message);
  });

  it("locks an account after repeated failures, even with the right password, and says when to retry", async () => {
    await signup({ email: "hal@example.com", username: "hal", password });
    for (let i = 0; i < 3; i++) {
      await expect(login({ login: "hal", password: "wrong-password" }, { ip: `10.1.0.${i}` })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    const err = await login({ login: "hal", password }, { ip: "10.1.0.9" }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts failures per account, whichever of its names is typed", async () => {
    await signup({ email: "iris@example.com", username: "iris", password });
    for (let i = 0; i < 3; i++) {
      await expect(login({ login: "iris", password: "wrong-password" }, { ip: `10.4.0.${i}` })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    // The email is the same account: it is locked too, right password and all.
    await expect(login({ login: "iris@example.com", password }, { ip: "10.4.0.9" })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("slows an address past its limit without locking out the right password from it", async () => {
    await signup({ email: "jody@example.com", username: "jody", password });
    for (let i = 0; i < 5; i++) {
      await expect(login({ login: `stranger${i}`, password: "wrong-password" }, { ip: "10.5.0.1" })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    const began = Date.now();
    expect((await login({ login: "jody", password }, { ip: "10.5.0.1" })).username).toBe("jody");
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    // Guessing on from there gets 429 and waits longer each time.
    await expect(login({ login: "stranger9", password: "wrong-password" }, { ip: "10.5.0.1" })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("limits one IP address across many accounts", async () => {
    for (let i = 0; i < 5; i++) {
      await expect(login({ login: `ghost${i}`, password: "wrong-password" }, { ip: "10.2.0.1" })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(login({ login: "ghost-next", password: "wrong-password" }, { ip: "10.2.0.1" })).rejects.toBeInstanceOf(RateLimitedError);
    // Another address is unaffected.
    await expect(login({ login: "ghost-next", password: "wrong-password" }, { ip: "10.2.0.2" })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe("sessions", () => {
  it("are stored as a SHA-256 of the cookie's id, so a copy of the table signs nobody in", async () => {
    const user = await signup({ email: "sid@example.com", username: "sid", password });
    const { cookie, sessionId } = await startSession(user.id, false);
    const secret = readSessionId(cookie)!;
    const [row] = await db().select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row.id).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row.id).not.toBe(secret);
    expect(sessionId).toBe(row.id);
    expect((await validateSessionId(secret, false)).user?.id).toBe(user.id);
    // The stored value itself is not a cookie that works.
    expect((await validateSessionId(row.id, false)).user).toBeNull();
  });
});

describe("roles", () => {
  it("lets an admin change a role and refuses everyone else", async () => {
    const admin = toActor(await signup({ email: "root@example.com", username: "root", password }, { role: "admin" }));
    const staff = toActor(await signup({ email: "sam@example.com", username: "sam", password }, { role: "staff" }));
    const customer = toActor(await signup({ email: "ivy@example.com", username: "ivy", password }));

    await expect(changeRole(customer, "ivy", { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeRole(staff, "ivy", { role: "advocate" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeRole(null, "ivy", { role: "advocate" })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await changeRole(admin, "IVY", { role: "advocate" })).role).toBe("advocate");
    await expect(changeRole(admin, "ivy", { role: "emperor" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("never leaves the forum without an admin", async () => {
    const [onlyAdmin] = await db().select().from(users).where(eq(users.username, "root"));
    await expect(changeRole(toActor(onlyAdmin), "root", { role: "customer" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("shows the member list to staff only", async () => {
    const [staff] = await db().select().from(users).where(eq(users.username, "sam"));
    const [customer] = await db().select().from(users).where(eq(users.username, "erin"));
    expect((await listUsers(toActor(staff), { q: "iv" })).users.map((u) => u.username)).toEqual(["ivy"]);
    await expect(listUsers(toActor(customer), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("bootstrapping the admin", () => {
  it("creates the configured admin once and leaves an existing account alone", async () => {
    const cfg = { ADMIN_EMAIL: "boss@example.com", ADMIN_USERNAME: "boss", ADMIN_PASSWORD: "boss-password-1" };
    const first = await bootstrapAdmin(cfg);
    expect(first.created).toBe(true);
    await db().update(users).set({ role: "staff" }).where(eq(users.username, "boss"));
    const second = await bootstrapAdmin({ ...cfg, ADMIN_PASSWORD: "another-password" });
    expect(second).toEqual({ created: false, reason: "exists" });
    const [boss] = await db().select().from(users).where(eq(users.username, "boss"));
    expect(boss.role).toBe("staff");
    expect((await login({ login: "boss", password: "boss-password-1" }, { ip: "10.3.0.1" })).id).toBe(boss.id);
  });

  it("does nothing unless all three settings are present", async () => {
    expect(await bootstrapAdmin({ ADMIN_EMAIL: "x@example.com", ADMIN_USERNAME: undefined, ADMIN_PASSWORD: "whatever-123" })).toEqual({
      created: false,
      reason: "not configured",
    });
  });
});

describe("personal access tokens", () => {
  it("stores only a hash, authenticates with the token, and stops after revocation", async () => {
    const owner = toActor(await signup({ email: "tok@example.com", username: "tok", password }));
    const created = await createToken(owner, { name: "CRM sync" });
    expect(created.token).toMatch(/^fpat_/);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain(created.token);

    expect((await actorFromToken(created.token))?.username).toBe("tok");
    expect(await actorFromToken(created.token + "x")).toBeNull();

    await deleteToken(owner, created.id);
    expect(await actorFromToken(created.token)).toBeNull();
  });

  it("needs a name and a signed-in owner", async () => {
    const owner = toActor(await signup({ email: "tok2@example.com", username: "tok2", password }));
    await expect(createToken(owner, { name: "  " })).rejects.toBeInstanceOf(ValidationError);
    await expect(createToken(null, { name: "x" })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
