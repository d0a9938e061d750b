/**
 * Small holes found from outside, each closed: a login that bounces
 * elsewhere, category links that led nowhere, bodies that are not forms,
 * text the database cannot store, a reminder that named no town hall.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, newAccount, signedInClient } from "../support/http";

let base = "";
let staff: ApiClient;

beforeAll(async () => {
  base = inject("env").baseUrl;
  const { admin } = inject("env");
  staff = new ApiClient();
  await staff.post("/api/v1/auth/login", { login: admin.username, password: admin.password });
});

async function formPost(path: string, fields: Record<string, string>, cookie?: string | null) {
  return fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

describe("edges", () => {
  it("never sends someone who logs in to another site", async () => {
    const { account } = await signedInClient("bounce");
    const res = await formPost("/login", { intent: "login", login: account.username, password: account.password, redirectTo: "/\t/evil.example" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const fine = await formPost("/login", { intent: "login", login: account.username, password: account.password, redirectTo: "/questions?filter=unsolved" });
    expect(fine.headers.get("location")).toBe("/questions?filter=unsolved");
  });

  it("gives every category a URL that opens its questions", async () => {
    const slug = `edge-${Date.now().toString(36)}`;
    await staff.post("/api/v1/categories", { name: `Edge ${slug}`, slug });
    const list = await new ApiClient().get("/api/v1/categories");
    const category = list.body<{ categories: { slug: string; url: string }[] }>().categories.find((c) => c.slug === slug)!;
    const page = await fetch(base + category.url);
    expect(page.status).toBe(200);
    const short = await fetch(`${base}/c/${slug}`, { redirect: "manual" });
    expect(short.status).toBe(301);
    expect(short.headers.get("location")).toBe(category.url);
  });

  it("answers 400 to a body that claims to be a form and is not, and to text with a NUL byte", async () => {
    const { client } = await signedInClient("edgeform");
    const broken = await fetch(`${base}/ask`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=nope", origin: base, cookie: client.cookie! },
      body: "--other\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhalf a form",
    });
    expect(broken.status).toBe(400);
    const nul = await formPost("/ask", { intent: "ask", title: "A title with a \u0000 byte in it", body: "Body text that is long enough to post.", category: "x" }, client.cookie);
    expect(nul.status).toBe(400);
    const api = await client.post("/api/v1/questions", { title: "Another \u0000 title here", body: "Body text that is long enough.", category: "x" });
    expect(api.status).toBe(400);
    expect(Object.keys(api.body().error.fields ?? {})).toContain("title");
  });

  it("answers an unknown page with a friendly not-found page, never the router's own message", async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("couldn&#x27;t find that page");
    expect(html).toContain('role="search"');
    expect(html).not.toContain("No route matches");
  });

  it("answers 404 for the notes of a question that does not exist", async () => {
    expect((await staff.get("/api/v1/questions/nosuchquestion0/notes")).status).toBe(404);
  });

  it("names the town hall in an attendee's reminder, with a link", async () => {
    const created = await staff.post("/api/v1/townhalls", { title: "Reminder check town hall", description: "Starts in a few minutes, so the reminder is due.", startsAt: new Date(Date.now() + 60_000).toISOString() });
    const { townhall } = created.body<{ townhall: { id: string; url: string } }>();
    const { client } = await signedInClient("reminded");
    expect((await client.post(`/api/v1/townhalls/${townhall.id}/attend`)).status).toBe(200);
    // The reminder job is due at once (the town hall starts within 15 minutes); the server's worker runs it.
    type Notice = { kind: string; url: string | null; townhall?: { title: string; url: string } | null };
    let reminder: Notice | undefined;
    const deadline = Date.now() + 20_000;
    while (!reminder && Date.now() < deadline) {
      const list = await client.get("/api/v1/notifications");
      reminder = list.body<{ notifications: Notice[] }>().notifications.find((n) => n.kind === "townhall_reminder");
      if (!reminder) await new Promise((r) => setTimeout(r, 500));
    }
    expect(reminder).toMatchObject({ url: townhall.url, townhall: { title: "Reminder check town hall", url: townhall.url } });
    // Someone who says "I will attend" after the reminders went out gets one too, and nobody gets two.
    const late = (await signedInClient("remindedlate")).client;
    expect((await late.post(`/api/v1/townhalls/${townhall.id}/attend`)).status).toBe(200);
    const reminders = async (c: typeof client) =>
      (await c.get("/api/v1/notifications")).body<{ notifications: Notice[] }>().notifications.filter((n) => n.kind === "townhall_reminder" && n.url === townhall.url).length;
    let lateCount = 0;
    for (const until = Date.now() + 20_000; lateCount === 0 && Date.now() < until; ) {
      lateCount = await reminders(late);
      if (!lateCount) await new Promise((r) => setTimeout(r, 500));
    }
    expect(lateCount).toBe(1);
    expect(await reminders(client)).toBe(1);
    const page = await (await fetch(`${base}/notifications`, { headers: { cookie: client.cookie! } })).text();
    expect(page).toContain("Starting soon");
    expect(page).toContain("Reminder check town hall");
    // What a reader sees, not the page's serialized data.
    const text = page.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(text).not.toContain("townhall_reminder");
    expect(text).not.toMatch(/Someone\s+townhall/);
  });
});
