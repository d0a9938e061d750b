/**
 * The account half of single sign-on, called as the callback calls it (the
 * protocol half is tests/integration/oidc.test.ts, against a real provider).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { auditLog, userIdentities, users } from "#db/schema";
import { signInWithProvider, type ProviderClaims } from "~/domain/accounts/single-sign-on.server";
import { signup } from "~/domain/accounts/signup.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const issuer = "https://id.nimbus.test";
const password = "a-long-password-1";

function person(subject: string, extra: Partial<ProviderClaims> = {}): ProviderClaims {
  return { issuer, subject, email: `${subject}@corp.test`, emailVerified: true, preferredUsername: subject, ...extra };
}

describe("signing in with the provider's word", () => {
  it("links a verified email whatever its case, and keeps the account's own address", async () => {
    const existing = await signup({ email: "Mixed.Case@corp.test", username: "mixed", password });
    const { user, outcome } = await signInWithProvider(person("mixed-sub", { email: "MIXED.case@CORP.test" }));
    expect(outcome).toBe("linked");
    expect(user.id).toBe(existing.id);
    expect(user.email).toBe("mixed.case@corp.test");
    expect(user.emailVerifiedAt).not.toBeNull();
  });

  it("keeps the link when the provider's address changes later", async () => {
    const first = await signInWithProvider(person("mover"));
    const again = await signInWithProvider(person("mover", { email: "moved@corp.test" }));
    expect(again).toMatchObject({ outcome: "signed_in", user: { id: first.user.id, email: "mover@corp.test" } });
    const [identity] = await db().select().from(userIdentities).where(eq(userIdentities.subject, "mover"));
    expect(identity.email).toBe("moved@corp.test");
    expect(identity.lastLoginAt).not.toBeNull();
  });

  it("tells one issuer's subject from another's", async () => {
    const here = await signInWithProvider(person("same-sub", { email: "one@corp.test" }));
    const there = await signInWithProvider(
      person("same-sub", { issuer: "https://other.example", email: "two@corp.test", preferredUsername: "same-sub" })
    );
    expect(there.outcome).toBe("created");
    expect(there.user.id).not.toBe(here.user.id);
    expect(there.user.username).toBe("same-sub-2");
  });

  it("refuses a person without an email (400) and a deleted account (403)", async () => {
    await expect(signInWithProvider(person("no-mail", { email: undefined }))).rejects.toMatchObject({
      status: 400,
      fields: { email: [expect.any(String)] },
    });
    const { user } = await signInWithProvider(person("gone"));
    await db().update(users).set({ deletedAt: new Date() }).where(eq(users.id, user.id));
    await expect(signInWithProvider(person("gone"))).rejects.toMatchObject({ status: 403, message: "This account was deleted." });
  });

  it("promotes an advocate in the staff group once, audited, and demotes nobody who leaves it", async () => {
    const advocate = await signup({ email: "adv@corp.test", username: "adv", password }, { role: "advocate" });
    const staffGroup = "forum-staff";
    const promoted = await signInWithProvider(person("adv-sub", { email: "adv@corp.test", groups: ["forum-staff"], staffGroup }));
    expect(promoted.user).toMatchObject({ id: advocate.id, role: "staff" });
    await signInWithProvider(person("adv-sub", { email: "adv@corp.test", groups: ["forum-staff"], staffGroup }));
    const left = await signInWithProvider(person("adv-sub", { email: "adv@corp.test", groups: [], staffGroup }));
    expect(left.user.role).toBe("staff");
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, advocate.id));
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["user.role_changed", { from: "advocate", to: "staff", by: "single sign-on", group: "forum-staff" }],
    ]);
    // Without OIDC_STAFF_GROUP a group named like it means nothing.
    expect((await signInWithProvider(person("plain", { groups: ["forum-staff"] }))).user.role).toBe("customer");
  });

  it("makes one account when two first sign-ins race", async () => {
    const results = await Promise.all([signInWithProvider(person("racer")), signInWithProvider(person("racer"))]);
    expect(results[0].user.id).toBe(results[1].user.id);
    expect(results.map((r) => r.outcome).sort()).toEqual(["created", "signed_in"]);
    expect(await db().select().from(userIdentities).where(eq(userIdentities.subject, "racer"))).toHaveLength(1);
  });
});
