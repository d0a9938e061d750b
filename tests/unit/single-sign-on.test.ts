import { describe, expect, it } from "vitest";
import { loadConfig, oidcSettings } from "~/config.server";
import { usernameBase } from "~/domain/accounts/single-sign-on.server";
import { usernameSchema } from "~/domain/accounts/schemas";

const provider = { OIDC_ISSUER: "https://id.example.com/realms/forum", OIDC_CLIENT_ID: "forum", OIDC_CLIENT_SECRET: "s3cret" };

describe("single sign-on configuration", () => {
  it("is off until the issuer, client id and secret are all set, with the documented defaults", () => {
    expect(oidcSettings(loadConfig({}))).toBeNull();
    const s = oidcSettings(loadConfig(provider))!;
    expect(s.issuer.href).toBe("https://id.example.com/realms/forum");
    expect(s).toMatchObject({
      name: "Sign in with single sign-on",
      only: false,
      staffGroup: undefined,
      groupsClaim: "groups",
      scopes: "openid email profile",
      allowHttp: false,
    });
    expect(
      oidcSettings(loadConfig({ ...provider, OIDC_NAME: "Sign in with Nimbus ID", OIDC_ONLY: "true", OIDC_STAFF_GROUP: "staff" }))
    ).toMatchObject({
      name: "Sign in with Nimbus ID",
      only: true,
      staffGroup: "staff",
    });
  });

  it("refuses to start half configured, OIDC_ONLY without a provider, or an http issuer without OIDC_ALLOW_HTTP", () => {
    expect(() => loadConfig({ OIDC_ISSUER: provider.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID: set it too[\s\S]*OIDC_CLIENT_SECRET: set it too/
    );
    expect(() => loadConfig({ OIDC_ONLY: "true" })).toThrow(/OIDC_ONLY: needs OIDC_ISSUER/);
    expect(() => loadConfig({ ...provider, OIDC_ISSUER: "http://127.0.0.1:9000" })).toThrow(/OIDC_ISSUER: must be https/);
    expect(() => loadConfig({ ...provider, OIDC_ISSUER: "not a url" })).toThrow(/OIDC_ISSUER/);
    expect(oidcSettings(loadConfig({ ...provider, OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_ALLOW_HTTP: "true" }))?.allowHttp).toBe(true);
  });
});

describe("usernames made from what the provider says", () => {
  it("follow the username rules, from preferred_username, else the email's local part, else the name", () => {
    const cases: [(string | undefined)[], string][] = [
      [["alice.smith", "a@x.test"], "alice_smith"],
      [["alice@corp.example"], "alice"],
      [[undefined, "j.o'neil+forum@corp.example"], "j_o_neil_forum"],
      [["Zoë Ångström"], "Zoe_Angstrom"],
      [["李", "li@corp.example"], "li_member"],
      [["x", undefined], "x_member"],
      [["a".repeat(60)], "a".repeat(30)],
      [[undefined, undefined, undefined], "member"],
    ];
    for (const [candidates, expected] of cases) {
      const made = usernameBase(candidates);
      expect(made).toBe(expected);
      expect(usernameSchema.safeParse(made).success).toBe(true);
    }
  });
});
