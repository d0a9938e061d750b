import { describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type ApiErrorBody } from "../support/http";

/** A host of this file's own: the shared admin's stored zone is other files' business. */
async function host() {
  const { admin } = inject("env");
  const boss = new ApiClient();
  await boss.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
  const staff = await signedInClient("tz_host");
  expect((await boss.patch(`/api/v1/users/${staff.user.username}/role`, { role: "staff" })).status).toBe(200);
  return staff.client;
}

/** The schedule form as a browser without JavaScript sends it, from a reader whose browser said `tz`. */
async function scheduleByForm(client: ApiClient, tz: string, startsAt: string) {
  const res = await fetch(`${client.baseUrl}/townhalls?index`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: client.baseUrl, Cookie: `${client.cookie}; tz=${encodeURIComponent(tz)}` },
    body: new URLSearchParams({ intent: "schedule", title: "Hub 6 time-zone town hall", description: "Times should read in your own zone.", startsAt, durationMinutes: "60", streamUrl: "", cohosts: "" }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("location") ?? "").replace(/^.*\/townhalls\//, "");
}

describe("PATCH /me", () => {
  it("stores a time zone, refuses one that does not exist with a field message, and clears it with null", async () => {
    const { client } = await signedInClient("tz");
    const set = await client.patch("/api/v1/me", { timeZone: "America/Los_Angeles", displayName: "Pat from LA" });
    expect(set.status).toBe(200);
    expect(set.body<{ user: { timeZone: string; displayName: string } }>().user).toMatchObject({ timeZone: "America/Los_Angeles", displayName: "Pat from LA" });
    expect((await client.patch("/api/v1/me", {})).body<{ user: { timeZone: string | null } }>().user.timeZone).toBe("America/Los_Angeles");

    const bad = await client.patch("/api/v1/me", { timeZone: "Mars/Olympus" });
    expect(bad.status).toBe(400);
    expect(bad.body<ApiErrorBody>().error.fields?.timeZone?.[0]).toMatch(/IANA/);

    expect((await client.patch("/api/v1/me", { timeZone: null })).status).toBe(200);
    expect((await client.patch("/api/v1/me", {})).body<{ user: { timeZone: string | null } }>().user.timeZone).toBeNull();
    expect((await new ApiClient().patch("/api/v1/me", { timeZone: "UTC" })).status).toBe(401);
  });
});

describe("the town-hall schedule form", () => {
  it("reads the typed time in the viewer's zone and shows it back in that zone, named", async () => {
    const staff = await host();
    const id = await scheduleByForm(staff, "America/Los_Angeles", "2031-01-15T10:00");
    const saved = await staff.get(`/api/v1/townhalls/${id}`);
    expect(saved.body<{ townhall: { startsAt: string } }>().townhall.startsAt).toBe("2031-01-15T18:00:00.000Z");

    const inLosAngeles = await fetch(`${staff.baseUrl}/townhalls/${id}`, { headers: { Cookie: "tz=America%2FLos_Angeles" } }).then((r) => r.text());
    expect(inLosAngeles).toContain("Wednesday 15 January 2031, 10:00 PST");
    const inBerlin = await fetch(`${staff.baseUrl}/townhalls/${id}`, { headers: { Cookie: "tz=Europe%2FBerlin" } }).then((r) => r.text());
    expect(inBerlin).toContain("Wednesday 15 January 2031, 19:00 CET");
    // A cookie naming no real zone is ignored: UTC, said so.
    const unknown = await fetch(`${staff.baseUrl}/townhalls/${id}`, { headers: { Cookie: "tz=Mars%2FOlympus" } }).then((r) => r.text());
    expect(unknown).toContain("Wednesday 15 January 2031, 18:00 UTC");
  });

  it("prefers the member's stored zone to the browser's", async () => {
    const { client } = await signedInClient("tz_pref");
    await client.patch("/api/v1/me", { timeZone: "Asia/Tokyo" });
    const staff = await host();
    const id = await scheduleByForm(staff, "UTC", "2031-02-01T09:30");
    const page = await fetch(`${client.baseUrl}/townhalls/${id}`, { headers: { Cookie: `${client.cookie}; tz=America%2FLos_Angeles` } }).then((r) => r.text());
    expect(page).toContain("Saturday 1 February 2031, 18:30 GMT+9");
  });
});
