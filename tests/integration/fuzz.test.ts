import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, signedInClient, type UserBody } from "../support/http";
import { apiRouteFiles, coverageProblems, fieldsByIntent, formFieldsOf, intentsOf, pageActionFiles } from "../support/route-files";

/**
 * Random and hostile input against every JSON API endpoint and every page
 * action, through the real server: NUL bytes, lone surrogates, 100,000-character
 * strings, broken percent escapes, path tricks, markup, emoji, and wrong types
 * (numbers, booleans, null, arrays, nested objects) for every field an endpoint
 * reads and for its path parameters, sent as staff, as a customer and anonymously.
 *
 * What must hold: never a 5xx; every 4xx from the API has the contract's
 * `{error:{code,message}}`; and a 400 changes nothing (a fingerprint of what
 * staff can read through the API is the same before and after it).
 *
 * Two kinds of test: fast-check properties (random inputs, most of them one bad
 * field on an otherwise valid body or form, the first failure per endpoint), and
 * one-field sweeps that set each field in turn to a few killer values and list
 * every failure at once. Page actions get forms with the Origin of the site and
 * a staff session, and malformed multipart bodies.
 *
 * Bounded for CI: FUZZ_RUNS runs per endpoint (default 10, page actions twice
 * that); FUZZ_SEED picks the seed (fixed by default). A failure prints the seed,
 * the run's path and the input.
 */

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10));
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
/**
 * Each wrong password counts against the server's per-IP login limit (50 in 15
 * minutes), and the files that run after this one log in from the same address:
 * the login fuzz stays well under it whatever FUZZ_RUNS says.
 */
const LOGIN_RUNS = Math.min(RUNS, 12);
/** Page actions need no fingerprints, so they get more runs for the same time. */
const PAGE_RUNS = RUNS * 2;
const timeout = (runs: number) => Math.max(30_000, runs * 4_000);

const { baseUrl } = inject("env");
const run = Date.now().toString(36);
const hookMarker = `fuzz-${run}`;

// ---------------------------------------------------------------------------
// Hostile values

const HUGE = 100_000;
/** Short hostile strings, in families of equal weight: each names a way input has broken servers before. */
const families = {
  nul: ["\u0000", "nul\u0000inside", "\udbff\u0000", "%00\u0000"],
  surrogates: ["\ud800", "lone \udfff low", "\udc00\ud800", "ok😀\ud83d"],
  escapes: ["%FF", "%", "%00", "%E0%A4%A", "\\u0000", "\\"],
  paths: ["../", "../../../etc/passwd", "..\\..\\windows", "/", "?", "#", "&", "="],
  markup: ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{customer}}", "${7*7}", "' OR '1'='1", "\u202eevil", "😀👩🏽‍🚀🇵🇹"],
  words: ["", "   ", "null", "true", "undefined", "[]", "{}", "__proto__", "constructor"],
  numbers: ["0", "-1", "1.5", "1e308", "1e999", "NaN", "Infinity", "99999999999999999999", "-9007199254740993", "0x1F", "-0"],
  dates: ["275760-09-13", "+275760-09-14T00:00:00.000Z", "-271821-04-19", "2030-02-30", "0000-01-01", "2031-01-01T25:61", "yesterday"],
};
const hostileShort = fc.oneof(
  ...Object.values(families).map((f) => ({ weight: 1, arbitrary: fc.constantFrom(...f) })),
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(...families.nul, ...families.surrogates, "%FF", "../", "<script>"),
        fc.string({ maxLength: 8 })
      )
      .map(([a, b, c]) => a + b + c),
  }
);
const huge = fc.constantFrom("a".repeat(HUGE), "\u0000".repeat(HUGE), "😀".repeat(HUGE / 2), `${"x".repeat(HUGE - 1)}\ud800`);
const hostileText = fc.oneof({ weight: 6, arbitrary: hostileShort }, { weight: 1, arbitrary: huge });
/**
 * In a URL the huge strings are cut to 1,000 characters (and each encoded value to
 * 2,000): past Node's 16 KB header limit Node itself refuses the request before
 * the app sees it (one test below looks at that on its own).
 */
const urlText = hostileText.map((s) => (s.length > 1_000 ? s.slice(0, 1_000) : s));
const capUrl = (encoded: string) => (encoded.length > 2_000 ? encoded.slice(0, 2_000).replace(/%[0-9A-F]?$/, "") : encoded);
const edgeNumbers = [0, -1, 1.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 8.64e15 + 1, -8.64e15 - 1];
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(...edgeNumbers),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), hostileShort, fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom("a", "__proto__", "toString", "$gt"), fc.oneof(fc.integer(), hostileShort), { maxKeys: 3 }),
  fc.constant({ nested: { deeper: [1, { x: "\u0000" }] } }),
  fc.constant(Array.from({ length: 1_000 }, (_, i) => i))
);

type Valid = ((t: Targets) => unknown) | string | number | boolean | unknown[] | Record<string, unknown> | null;

/** The valid value of a field, made afresh for every run (a new email, a new slug). */
const validOf = (valid: Valid, t: Targets) => fc.constant(null).map(() => (typeof valid === "function" ? valid(t) : valid));

/** A value no field should accept as it is: hostile text, the wrong type, text wrapped in an array or an object. */
function badValue(text = hostileText): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 2, arbitrary: wrongType },
    {
      weight: 1,
      arbitrary: fc.oneof(
        hostileShort.map((s) => [s]),
        hostileShort.map((s) => ({ value: s }))
      ),
    }
  );
}

/** Bad values aimed at what the field holds: numbers past their edges for a number, impossible dates for a date. */
function badFor(valid: Valid, t: Targets, text = hostileText): fc.Arbitrary<unknown> {
  const sample = typeof valid === "function" ? valid(t) : valid;
  const aimed: fc.Arbitrary<unknown>[] = [];
  if (typeof sample === "number" || (typeof sample === "string" && /^-?\d+$/.test(sample)))
    aimed.push(fc.constantFrom(...edgeNumbers, ...families.numbers));
  if (typeof sample === "string" && /^\d{4}-\d\d-\d\d/.test(sample))
    aimed.push(fc.constantFrom(...families.dates, 8.64e15 + 1, -8.64e15 - 1, 1e20));
  if (Array.isArray(sample))
    aimed.push(
      fc.oneof(
        fc.array(text, { maxLength: 3 }),
        fc.constant(Array.from({ length: 2_000 }, () => "x")),
        fc.constant([[]]),
        fc.constant([null])
      )
    );
  return aimed.length ? fc.oneof({ weight: 2, arbitrary: badValue(text) }, { weight: 2, arbitrary: fc.oneof(...aimed) }) : badValue(text);
}

/**
 * Field values for one request: most often every field valid but one (so that
 * one is what the endpoint has to handle), else every field at random (valid,
 * bad or left out).
 */
function fieldSets(fields: Record<string, Valid>, t: Targets, text = hostileText): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  if (!keys.length) return fc.constant({});
  const base = fc.record(Object.fromEntries(keys.filter((k) => fields[k] !== null).map((k) => [k, validOf(fields[k], t)])));
  const oneBad = fc
    .tuple(base, fc.constantFrom(...keys))
    .chain(([b, k]) => fc.option(badFor(fields[k], t, text), { nil: undefined, freq: 8 }).map((v) => ({ ...b, [k]: v })));
  const anyField = (v: Valid) => fc.oneof(badFor(v, t, text), ...(v === null ? [] : [validOf(v, t)]));
  const random = fc.record(Object.fromEntries(keys.map((k) => [k, fc.option(anyField(fields[k]), { nil: undefined, freq: 4 })])));
  return fc.oneof({ weight: 3, arbitrary: oneBad }, { weight: 2, arbitrary: random });
}

/** A JSON body from those fields, or now and then no object at all, or not JSON. */
function jsonBody(fields: Record<string, Valid>, t: Targets): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fieldSets(fields, t).map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: fc.oneof(wrongType, hostileShort).map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: fc.constantFrom("{", '{"a":', "[]]", "\u0000", "%FF", "not json", '{"__proto__":{"admin":true}}') }
  );
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate goes out as the (invalid UTF-8) bytes a careless client sends. */
function encode(s: string) {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(s[i]);
  }
  return out;
}

/** A query or form value: text as is, anything else as a client would turn it into text; arrays repeat the key. */
function pairs(key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value))
    return value.slice(0, 50).flatMap((v) => pairs(key, typeof v === "object" && v !== null ? JSON.stringify(v) : v));
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return [`${encode(key)}=${encode(text)}`];
}

/** Unencoded tricks for a path or a query: a broken escape, a dot segment. */
const rawTricks = fc.constantFrom("%FF", "%", "%00", "../", "..%2f..%2f", "%E0%A4%A", "%C0%AE%C0%AE/");

function queryString(fields: Record<string, Valid>, t: Targets): fc.Arbitrary<string> {
  return fc
    .tuple(fieldSets(fields, t, urlText), fc.option(fc.tuple(fc.constantFrom(...Object.keys(fields)), rawTricks), { freq: 6 }))
    .map(([r, raw]) => {
      const parts = Object.entries(r).flatMap(([k, v]) => pairs(k, v).map(capUrl));
      if (raw) parts.push(`${encode(raw[0])}=${raw[1]}`);
      return parts.length ? `?${parts.join("&")}` : "";
    });
}

/** A path parameter: usually the real target, else hostile text, encoded, or a raw trick. */
function pathValue(real: string | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: real === undefined ? 0 : 3, arbitrary: fc.constant(encode(real ?? "")) },
    { weight: 2, arbitrary: urlText.map((v) => capUrl(encode(v))) },
    { weight: 1, arbitrary: rawTricks }
  );
}

// ---------------------------------------------------------------------------
// Members and targets

interface Member {
  client: ApiClient;
  account: { username: string; password: string };
  user: UserBody["user"];
}

let admin: ApiClient;
let staff: Member; // acts, and reads the fingerprints
let customer: Member;
let organiser: Member; // staff who make targets
let askers: Member[]; // advocates (no posting limits) whose questions open support cases
let category: string;
let askCount = 0;
const before: { vocabulary?: unknown; defaultPolicy?: unknown; webhooks?: Set<string> } = {};

async function promoted(prefix: string, role: "staff" | "advocate"): Promise<Member> {
  const m = await signedInClient(prefix);
  const res = await admin.patch(`/api/v1/users/${m.user.username}/role`, { role });
  if (res.status !== 200) throw new Error(`making ${prefix} ${role}: ${res.status} ${res.text}`);
  return m;
}

function ok<T>(res: Awaited<ReturnType<ApiClient["request"]>>, what: string): T {
  if (res.status >= 300) throw new Error(`setup: ${what} answered ${res.status} ${res.text.slice(0, 300)}`);
  return res.json as T;
}

type Kind =
  | "question"
  | "answer"
  | "townhall"
  | "thQuestion"
  | "savedReply"
  | "approvedReply"
  | "webhook"
  | "token"
  | "member"
  | "category"
  | "badge"
  | "asker"
  | "reviewItem"
  | "session"
  | "tag"
  | "mailMessage";

/** The kind of target a path parameter names, from the segment before it. */
function kindOf(previous: string, param: string): Kind {
  const kinds: Record<string, Kind> = {
    "questions:id": "question",
    "q:id": "question",
    "answers:id": "answer",
    "a:id": "answer",
    "townhalls:id": "townhall",
    "questions:qid": "thQuestion",
    "saved-replies:id": "savedReply",
    "webhooks:id": "webhook",
    "tokens:id": "token",
    "users:username": "member",
    "u:username": "member",
    "nominations:username": "member",
    "customers:username": "asker",
    "sla-policies:category": "category",
    "badges:slug": "badge",
    "categories:slug": "category",
    "review:id": "reviewItem",
    "tags:tag": "tag",
    "mail:id": "mailMessage",
    "sessions:id": "session",
  };
  const kind = kinds[`${previous}:${param}`];
  if (!kind) throw new Error(`The fuzz test does not know what /${previous}/:${param} names: add it to kindOf.`);
  return kind;
}

/** Fresh targets for one endpoint, made on first use. */
class Targets {
  private made = new Map<Kind, Promise<string>>();
  values = {} as Record<Kind, string>;

  async need(kinds: Kind[]) {
    for (const k of kinds) this.values[k] = await this.get(k);
    return this;
  }

  get(kind: Kind): Promise<string> {
    let p = this.made.get(kind);
    if (!p) {
      p = this.make(kind);
      this.made.set(kind, p);
    }
    return p;
  }

  private async make(kind: Kind): Promise<string> {
    const o = organiser.client;
    switch (kind) {
      case "question": {
        const asker = askers[askCount++ % askers.length];
        const body = {
          title: `Fuzz target: Roam speaker will not pair ${askCount}`,
          body: "It shows up in Bluetooth settings, then disappears again after a second.",
          category,
          tags: ["bluetooth"],
        };
        return ok<{ question: { id: string } }>(await asker.client.post("/api/v1/questions", body), "asking").question.id;
      }
      case "answer": {
        const q = await this.get("question");
        return ok<{ answer: { id: string } }>(
          await o.post(`/api/v1/questions/${q}/answers`, { body: "Forget the speaker in Bluetooth settings and pair it again." }),
          "answering"
        ).answer.id;
      }
      case "townhall": {
        const body = {
          title: "Fuzz town hall",
          description: "Questions about the autumn firmware.",
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          moderated: false,
        };
        const id = ok<{ townhall: { id: string } }>(await o.post("/api/v1/townhalls", body), "scheduling").townhall.id;
        ok(await o.post(`/api/v1/townhalls/${id}/start`), "starting");
        return id;
      }
      case "thQuestion": {
        const th = await this.get("townhall");
        const asker = askers[askCount++ % askers.length];
        return ok<{ question: { id: string } }>(
          await asker.client.post(`/api/v1/townhalls/${th}/questions`, { body: "Is the autumn firmware coming to the Five?" }),
          "asking at the town hall"
        ).question.id;
      }
      case "savedReply":
        return ok<{ savedReply: { id: string } }>(
          await o.post("/api/v1/saved-replies", {
            title: "Pairing help",
            body: "Hi {{customer}}, hold the button until the light blinks.",
          }),
          "saving a reply"
        ).savedReply.id;
      case "approvedReply": {
        const id = await this.get("savedReply");
        ok(await admin.post(`/api/v1/saved-replies/${id}/approve`), "approving");
        return id;
      }
      case "webhook":
        return ok<{ endpoint: { id: string } }>(
          await o.post("/api/v1/webhooks", { url: `https://hooks.example.test/${hookMarker}`, events: ["question.escalated"] }),
          "adding a webhook"
        ).endpoint.id;
      case "token":
        return ok<{ id: string }>(await staff.client.post("/api/v1/tokens", { name: "fuzz" }), "making a token").id;
      case "member":
        return (await signedInClient("target")).user.username;
      case "mailMessage":
        return ok<{ id: string }>(await admin.post("/api/v1/mail/send-test", { to: "fuzz-target@example.test" }), "sending a test mail").id;
      case "session": {
        // A second session of the staff member's, so that ending it leaves the shared one alone.
        const other = new ApiClient();
        ok(await other.post("/api/v1/auth/login", { login: staff.account.username, password: staff.account.password }), "a second session");
        return ok<{ sessions: { id: string; current: boolean }[] }>(await other.get("/api/v1/me/sessions"), "listing sessions").sessions.find((s) => s.current)!.id;
      }
      case "tag":
        // A tag needs no making: any well-formed one can be followed.
        return "bluetooth";
      case "category": {
        const slug = `fuzz-${run}-${Math.random().toString(36).slice(2, 8)}`;
        ok(await o.post("/api/v1/categories", { name: `Fuzz ${slug}`, slug }), "making a category");
        return slug;
      }
      case "badge":
        return ok<{ badges: { slug: string }[] }>(await o.get("/api/v1/badges"), "listing badges").badges[0].slug;
      case "asker":
        return askers[0].user.username;
      case "reviewItem": {
        // A question staff flagged: its item waits in the review queue (oldest first, so walk to it).
        const q = await this.get("question");
        ok(await o.post("/api/v1/flags", { target: "question", id: q, reason: "abusive" }), "flagging");
        for (let cursor = ""; ; ) {
          const page = ok<{ items: { id: string; target: { id: string } }[]; nextCursor: string | null }>(
            await o.get(`/api/v1/review${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
            "reading the review queue",
          );
          const item = page.items.find((i) => i.target.id === q);
          if (item) return item.id;
          if (!page.nextCursor) throw new Error("setup: the flagged question is not in the review queue");
          cursor = page.nextCursor;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The fingerprint: what staff can read, without what changes by itself.

// Category counts (30 s) and the queue's totals (a few seconds) are cached by design, so
// they may catch up between two reads; the rows beside them are read fresh.
const VOLATILE = new Set(["viewCount", "snapshotAt", "now", "lastSeenAt", "lastUsedAt", "questionCount", "counts"]);
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, stable(v)])
    );
  return value;
}

/**
 * Counts and latest rows. The question list and the queue are this file's
 * category only: questions other files left behind may escalate on their own
 * timers while this file runs.
 */
const corePaths = () => [
  `/api/v1/questions?category=${category}&limit=5`,
  `/api/v1/staff/queue?category=${category}&limit=5`,
  "/api/v1/townhalls",
  "/api/v1/categories",
  "/api/v1/webhooks",
  "/api/v1/saved-replies",
  "/api/v1/me",
];

function fingerprintPaths(t: Targets) {
  const v = t.values;
  const extra: string[] = [];
  if (v.question) extra.push(`/api/v1/questions/${v.question}`, `/api/v1/questions/${v.question}/notes`);
  if (v.townhall) extra.push(`/api/v1/townhalls/${v.townhall}`);
  if (v.member) extra.push(`/api/v1/users/${v.member}`);
  if (v.token) extra.push("/api/v1/tokens");
  if (v.category) extra.push("/api/v1/sla-policies");
  return [...corePaths(), ...extra];
}

async function fingerprint(paths: string[]) {
  const reads = await Promise.all(paths.map(async (p) => [p, JSON.stringify(stable((await staff.client.get(p)).json))] as const));
  return new Map(reads);
}

/** Where two fingerprints differ: each read that changed, around its first difference. */
function changes(a: Map<string, string>, b: Map<string, string>) {
  return [...a.keys()].flatMap((k) => {
    const [x, y] = [a.get(k) ?? "", b.get(k) ?? ""];
    if (x === y) return [];
    let i = 0;
    while (x[i] === y[i]) i++;
    const from = Math.max(0, i - 150);
    return [`${k} (from character ${i})\n      before …${x.slice(from, i + 150)}\n      after  …${y.slice(from, i + 150)}`];
  });
}

// ---------------------------------------------------------------------------
// The endpoints

interface Endpoint {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** The fields it reads (query for GET, JSON body otherwise), each with a valid value or null. */
  fields?: Record<string, Valid>;
  /** Targets the valid values refer to, beyond the path's. */
  needs?: Kind[];
  /** The request ends its session: each run gets one of its own. */
  ownSession?: boolean;
  runs?: number;
}

const q = (t: Targets) => t.values.question;
const endpoints: Endpoint[] = [
  // Reading
  { method: "GET", path: "/api/v1/advocates/nominations" },
  { method: "GET", path: "/api/v1/review", fields: { cursor: null } },
  { method: "GET", path: "/api/v1/audit", fields: { actor: "nobody", action: "user.role_changed", target: "user", cursor: null } },
  { method: "GET", path: "/api/v1/answers/:id/revisions" },
  { method: "GET", path: "/api/v1/answers/:id" },
  { method: "GET", path: "/api/v1/badges/:slug", fields: { cursor: null } },
  { method: "GET", path: "/api/v1/badges" },
  { method: "GET", path: "/api/v1/categories" },
  { method: "GET", path: "/api/v1/customers/:username/timeline" },
  { method: "GET", path: "/api/v1/mail", fields: { to: "example", template: "test", status: "sent", cursor: null } },
  { method: "GET", path: "/api/v1/mail/:id" },
  { method: "GET", path: "/api/v1/leaderboard", fields: { period: "week", category: () => category, board: "fastest", limit: "10" } },
  { method: "GET", path: "/api/v1/me" },
  { method: "GET", path: "/api/v1/me/ignores" },
  { method: "GET", path: "/api/v1/me/sessions" },
  { method: "GET", path: "/api/v1/me/export" },
  { method: "GET", path: "/api/v1/me/watches", fields: { cursor: null, limit: "5" } },
  { method: "GET", path: "/api/v1/notifications", fields: { cursor: null, limit: "5" } },
  { method: "GET", path: "/api/v1/questions/:id/messages" },
  { method: "GET", path: "/api/v1/questions/:id/notes" },
  { method: "GET", path: "/api/v1/questions/:id/revisions" },
  { method: "GET", path: "/api/v1/questions/:id" },
  {
    method: "GET",
    path: "/api/v1/questions",
    fields: { filter: "unsolved", category: () => category, tag: "bluetooth", cursor: null, limit: "5" },
  },
  { method: "GET", path: "/api/v1/saved-replies" },
  { method: "GET", path: "/api/v1/search/deflection", fields: { days: "7" } },
  {
    method: "GET",
    path: "/api/v1/search/similar",
    fields: { title: "speaker will not pair", body: "", category: () => category, limit: "3" },
  },
  {
    method: "GET",
    path: "/api/v1/search",
    fields: { q: "pair", category: () => category, tag: "bluetooth", solved: "false", sort: "newest", page: "1" },
  },
  { method: "GET", path: "/api/v1/search/vocabulary" },
  { method: "GET", path: "/api/v1/sla-policies" },
  { method: "GET", path: "/api/v1/staff/queue", fields: { filter: "unassigned", category: () => category, cursor: null, limit: "5" } },
  { method: "GET", path: "/api/v1/tokens" },
  { method: "GET", path: "/api/v1/townhalls/:id", fields: { sort: "newest" } },
  { method: "GET", path: "/api/v1/townhalls" },
  { method: "GET", path: "/api/v1/users/:username/reputation", fields: { cursor: null, limit: "5" } },
  { method: "GET", path: "/api/v1/users/:username" },
  { method: "GET", path: "/api/v1/webhooks/:id/deliveries", fields: { limit: "5" } },
  { method: "GET", path: "/api/v1/webhooks" },

  // Accounts
  {
    method: "POST",
    path: "/api/v1/auth/signup",
    fields: {
      email: () => `fuzz-${Math.random().toString(36).slice(2)}@example.test`,
      username: () => `fz_${Math.random().toString(36).slice(2, 12)}`,
      password: "a-long-password-1",
    },
  },
  { method: "POST", path: "/api/v1/auth/login", fields: { login: "nobody-at-all", password: "wrong-password-1" }, runs: LOGIN_RUNS },
  { method: "POST", path: "/api/v1/auth/logout", ownSession: true },
  { method: "POST", path: "/api/v1/auth/password-reset", fields: { email: () => `fuzz-${Math.random().toString(36).slice(2)}@example.test` } },
  { method: "POST", path: "/api/v1/auth/password-reset/confirm", fields: { token: "not-a-token-we-ever-mailed", password: "violet lantern harbour crossing" } },
  { method: "POST", path: "/api/v1/auth/verify", fields: { token: "not-a-token-we-ever-mailed" } },
  { method: "POST", path: "/api/v1/me/verification" },
  // A wrong current password: the fuzzed staff account keeps its address and password, so a 400 changes nothing.
  { method: "PATCH", path: "/api/v1/me/email", fields: { email: () => `fuzz-${Math.random().toString(36).slice(2)}@example.test`, password: "wrong-password-1" } },
  { method: "PUT", path: "/api/v1/me/password", fields: { currentPassword: "wrong-password-1", password: "violet lantern harbour crossing" } },
  { method: "POST", path: "/api/v1/tokens", fields: { name: "fuzzed" } },
  { method: "POST", path: "/api/v1/mail/send-test", fields: { to: "fuzzed@example.test" } },
  { method: "DELETE", path: "/api/v1/tokens/:id" },
  { method: "PATCH", path: "/api/v1/users/:username/role", fields: { role: "advocate" } },
  {
    method: "POST",
    path: "/api/v1/users/:username/suspend",
    fields: { until: () => new Date(Date.now() + 86_400_000).toISOString(), reason: "Fuzzed: posting spam." },
  },
  { method: "DELETE", path: "/api/v1/users/:username/suspend" },
  {
    method: "POST",
    path: "/api/v1/users/:username/silence",
    fields: { until: () => new Date(Date.now() + 86_400_000).toISOString(), reason: "Fuzzed: heated replies." },
  },
  { method: "DELETE", path: "/api/v1/users/:username/silence" },
  { method: "POST", path: "/api/v1/users/:username/ignore" },
  { method: "DELETE", path: "/api/v1/users/:username/ignore" },
  { method: "PUT", path: "/api/v1/questions/:id/watch" },
  { method: "DELETE", path: "/api/v1/questions/:id/watch" },
  { method: "PUT", path: "/api/v1/categories/:slug/watch" },
  { method: "DELETE", path: "/api/v1/categories/:slug/watch" },
  { method: "PUT", path: "/api/v1/tags/:tag/watch" },
  { method: "DELETE", path: "/api/v1/tags/:tag/watch" },
  {
    method: "PATCH",
    path: "/api/v1/me",
    fields: { timeZone: "Europe/Berlin", displayName: "Fuzzed name", bio: "A bio.", notifications: { answer: "daily", watched_question: "off" } },
  },
  // Never the real password: a success would delete the fuzz test's own member.
  { method: "DELETE", path: "/api/v1/me", fields: { password: "not-the-password-1" } },
  { method: "PUT", path: "/api/v1/me/avatar" },
  { method: "DELETE", path: "/api/v1/me/avatar" },
  { method: "DELETE", path: "/api/v1/me/sessions/:id" },
  { method: "DELETE", path: "/api/v1/me/sessions" },
  { method: "POST", path: "/api/v1/notifications", fields: { ids: [] } },

  // Questions and answers
  {
    method: "POST",
    path: "/api/v1/categories",
    fields: { name: null, slug: null, description: "Made by the fuzz test", visibility: "public" },
  },
  { method: "PATCH", path: "/api/v1/categories/:slug", fields: { description: "Changed by the fuzz test", visibility: "public" } },
  {
    method: "POST",
    path: "/api/v1/questions",
    fields: {
      title: "Fuzzed question about a speaker",
      body: "The speaker drops off the network every night.",
      category: () => category,
      tags: ["wifi"],
      urgent: false,
    },
  },
  {
    method: "PATCH",
    path: "/api/v1/questions/:id",
    fields: { title: "Fuzz target: Roam speaker never pairs", body: null, tags: ["pairing"] },
  },
  { method: "DELETE", path: "/api/v1/questions/:id" },
  { method: "POST", path: "/api/v1/questions/:id/answers", fields: { body: "Reset the network settings, then add it again." } },
  { method: "PATCH", path: "/api/v1/answers/:id", fields: { body: "Forget the speaker, restart the phone, then pair again." } },
  { method: "DELETE", path: "/api/v1/answers/:id" },
  { method: "POST", path: "/api/v1/answers/:id/accept" },
  { method: "DELETE", path: "/api/v1/answers/:id/accept" },
  { method: "PUT", path: "/api/v1/votes", fields: { target: "question", id: q, value: 1 }, needs: ["question"] },
  { method: "POST", path: "/api/v1/flags", fields: { target: "question", id: q, reason: "spam", note: null }, needs: ["question"] },
  { method: "POST", path: "/api/v1/review/:id", fields: { action: "keep" } },
  { method: "POST", path: "/api/v1/questions/:id/duplicate", fields: { of: null } },
  { method: "DELETE", path: "/api/v1/questions/:id/duplicate" },

  // Escalation and staff work
  { method: "POST", path: "/api/v1/questions/:id/escalate", fields: { reason: "Still broken." } },
  { method: "POST", path: "/api/v1/questions/:id/assign", fields: { username: () => staff.user.username } },
  { method: "PATCH", path: "/api/v1/questions/:id/status", fields: { status: "waiting_on_customer" } },
  { method: "POST", path: "/api/v1/questions/:id/notes", fields: { body: "Checked the logs." } },
  { method: "POST", path: "/api/v1/questions/:id/private" },
  { method: "POST", path: "/api/v1/questions/:id/messages", fields: { body: "Can you send your order number?" } },
  { method: "POST", path: "/api/v1/saved-replies", fields: { title: "Fuzz reply", body: "Hello {{customer}}, thanks for asking." } },
  { method: "POST", path: "/api/v1/saved-replies/:id/approve" },
  {
    method: "POST",
    path: "/api/v1/questions/:id/saved-reply",
    fields: { replyId: (t) => t.values.approvedReply, extra: "More detail here." },
    needs: ["approvedReply"],
  },
  {
    method: "PUT",
    path: "/api/v1/sla-policies/:category",
    fields: {
      firstResponseMinutes: 60,
      advocateWindowMinutes: 30,
      resolutionMinutes: 1440,
      coverage: "business_hours",
      timeZone: "Europe/Lisbon",
      businessDays: [1, 2, 3],
      businessStart: "09:00",
      businessEnd: "17:00",
      holidays: ["2030-12-25"],
    },
  },
  { method: "DELETE", path: "/api/v1/sla-policies/:category" },

  // Reputation and advocates
  { method: "POST", path: "/api/v1/advocates/nominations/:username/dismiss" },
  { method: "POST", path: "/api/v1/users/:username/advocate" },
  { method: "DELETE", path: "/api/v1/users/:username/advocate" },

  // Town halls
  {
    method: "POST",
    path: "/api/v1/townhalls",
    fields: {
      title: "Fuzzed town hall",
      description: "What the fuzz test scheduled.",
      startsAt: () => new Date(Date.now() + 3 * 86_400_000).toISOString(),
      durationMinutes: 30,
      streamUrl: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      moderated: true,
      cohosts: [],
    },
  },
  { method: "POST", path: "/api/v1/townhalls/:id/start" },
  { method: "POST", path: "/api/v1/townhalls/:id/end" },
  { method: "POST", path: "/api/v1/townhalls/:id/questions", fields: { body: "Will it support AirPlay 2?" } },
  { method: "POST", path: "/api/v1/townhalls/:id/chat", fields: { body: "Hi all" } },
  { method: "PUT", path: "/api/v1/townhalls/:id/chat", fields: { enabled: false } },
  { method: "POST", path: "/api/v1/townhalls/:id/attend" },
  { method: "DELETE", path: "/api/v1/townhalls/:id/attend" },
  { method: "PUT", path: "/api/v1/townhalls/:id/questions/:qid/vote", fields: { value: 1 } },
  {
    method: "POST",
    path: "/api/v1/townhalls/:id/questions/:qid/moderate",
    fields: { action: "answered", answer: "Yes, in November.", into: null },
  },
  { method: "POST", path: "/api/v1/townhalls/:id/questions/:qid/flag" },
  { method: "POST", path: "/api/v1/townhalls/:id/questions/:qid/convert", fields: { category: () => category } },

  // Webhooks
  { method: "POST", path: "/api/v1/webhooks", fields: { url: `https://hooks.example.test/${hookMarker}`, events: ["question.solved"] } },
  { method: "PATCH", path: "/api/v1/webhooks/:id", fields: { active: false } },
  { method: "DELETE", path: "/api/v1/webhooks/:id" },

  // Search
  {
    method: "POST",
    path: "/api/v1/search/deflection",
    fields: { draftId: "fuzzdraft01", kind: "opened", questionId: null, suggestionCount: 2 },
  },
  { method: "PUT", path: "/api/v1/search/vocabulary", fields: { synonyms: null, stopWords: null } },
];

type Identity = "staff" | "customer" | "anonymous";

async function clientFor(identity: Identity, ownSession: boolean): Promise<ApiClient> {
  const client = new ApiClient();
  if (identity === "anonymous") return client;
  const member = identity === "staff" ? staff : customer;
  if (!ownSession) {
    client.cookie = member.client.cookie; // a copy: a Set-Cookie in the answer leaves the shared session alone
    return client;
  }
  const res = await client.post("/api/v1/auth/login", { login: member.account.username, password: member.account.password });
  if (res.status !== 200) throw new Error(`login for a session of its own failed: ${res.status}`);
  return client;
}

/** An input for the report: long strings cut, invisible characters escaped. */
function show(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v)) ??
    String(value)
  );
}

function failure<T>(label: string, details: fc.RunDetails<T>, runs: number) {
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${label}: ${error}\n    input: ${show(details.counterexample)}\n    seed ${details.seed}, path "${
    details.counterexamplePath
  }" (FUZZ_SEED=${details.seed} FUZZ_RUNS=${runs} replays it)`;
}

const apiLabel = (e: Endpoint) => `${e.method} ${e.path}`;

beforeAll(async () => {
  const { admin: account } = inject("env");
  admin = new ApiClient();
  if ((await admin.post("/api/v1/auth/login", { login: account.username, password: account.password })).status !== 200)
    throw new Error("admin login failed");
  organiser = await promoted("organiser", "staff");
  staff = await promoted("fuzzstaff", "staff");
  customer = await signedInClient("fuzzcustomer");
  askers = [await promoted("askerone", "advocate"), await promoted("askertwo", "advocate"), await promoted("askerthree", "advocate")];
  category = `fuzz-${run}`;
  ok(
    await organiser.client.post("/api/v1/categories", { name: `Fuzz ${run}`, slug: category, description: "Made by the fuzz test" }),
    "making the category"
  );
  // No timer of this file's questions falls due while it runs, whatever the forum's default says.
  const week = {
    firstResponseMinutes: 10_080,
    advocateWindowMinutes: 10_080,
    resolutionMinutes: 129_600,
    coverage: "always",
    timeZone: "UTC",
  };
  ok(
    await organiser.client.put(`/api/v1/sla-policies/${category}`, {
      ...week,
      businessDays: [1, 2, 3, 4, 5],
      businessStart: "09:00",
      businessEnd: "17:00",
      holidays: [],
    }),
    "setting the policy"
  );
  before.vocabulary = ok(await admin.get("/api/v1/search/vocabulary"), "reading the vocabulary");
  before.defaultPolicy = ok<{ default: unknown }>(await admin.get("/api/v1/sla-policies"), "reading the policies").default;
  before.webhooks = new Set(
    ok<{ endpoints: { id: string }[] }>(await admin.get("/api/v1/webhooks"), "listing webhooks").endpoints.map((e) => e.id)
  );
}, 120_000);

afterAll(async () => {
  // Put back what the fuzz may have changed for the files that run after it.
  const v = before.vocabulary as { synonyms: string[][]; stopWords: string[] } | undefined;
  if (v)
    ok(
      await admin.put("/api/v1/search/vocabulary", { synonyms: v.synonyms.map((g) => g.join(", ")), stopWords: v.stopWords }),
      "restoring the vocabulary"
    );
  if (before.defaultPolicy) ok(await admin.put("/api/v1/sla-policies/default", before.defaultPolicy), "restoring the default policy");
  const now = ok<{ endpoints: { id: string }[] }>(await admin.get("/api/v1/webhooks"), "listing webhooks").endpoints;
  for (const e of now) if (!before.webhooks?.has(e.id)) await admin.delete(`/api/v1/webhooks/${e.id}`);
}, 120_000);

describe("the JSON API under random and hostile input", () => {
  it("fuzzes every endpoint the route files serve", () => {
    const problems = coverageProblems(
      apiRouteFiles(),
      endpoints.map((e) => ({ method: e.method, path: e.path, label: apiLabel(e) })),
      (f) => [...(f.get ? ["GET"] : []), ...f.actionMethods]
    );
    expect(problems).toEqual([]);
  });

  for (const endpoint of endpoints) {
    const runs = endpoint.runs ?? RUNS;
    it(
      `${apiLabel(endpoint)}: no 5xx, errors in the contract's shape, nothing changed by a 400`,
      async () => {
        const segments = endpoint.path.split("/");
        const params = segments.flatMap((s, i) =>
          s.startsWith(":") ? [{ name: s.slice(1), kind: kindOf(segments[i - 1], s.slice(1)) }] : []
        );
        const t = await new Targets().need([...params.map((p) => p.kind), ...(endpoint.needs ?? [])]);
        const fields = endpoint.fields ?? {};
        const input = fc.record({
          identity: fc.constantFrom<Identity>("staff", "customer", "anonymous"),
          path: fc.tuple(...params.map((p) => pathValue(t.values[p.kind]))).map((values) => {
            let i = 0;
            return segments.map((s) => (s.startsWith(":") ? values[i++] : s)).join("/");
          }),
          query: endpoint.method === "GET" && Object.keys(fields).length ? queryString(fields, t) : fc.constant(""),
          body:
            endpoint.method === "GET"
              ? fc.constant(undefined)
              : endpoint.fields
              ? jsonBody(fields, t)
              : fc.oneof(fc.constant(undefined), jsonBody({ id: null, value: null }, t)),
        });
        const paths = fingerprintPaths(t);
        // The fingerprint of the data as it stands, kept until a request succeeds (only a
        // success may change data), with the refusals answered since it was taken.
        let known: Map<string, string> | null = null;
        let since: string[] = [];
        const details = await fc.check(
          fc.asyncProperty(input, async ({ identity, path, query, body }) => {
            known ??= await fingerprint(paths);
            const client = await clientFor(identity, endpoint.ownSession ?? false);
            const res = await client.request(endpoint.method, path + query, body);
            if (res.status >= 500) throw new Error(`${identity} got ${res.status}: ${res.text.slice(0, 200)}`);
            if (res.status < 400) {
              known = null;
              since = [];
              return;
            }
            const error = (res.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
            if (typeof error?.code !== "string" || typeof error?.message !== "string")
              throw new Error(`${identity} got ${res.status} without {error:{code,message}}: ${res.text.slice(0, 200)}`);
            if (res.status === 400) {
              const after = await fingerprint(paths);
              const changed = changes(known, after);
              const refusals = since.length
                ? ` (the refusals since the last success, which could share the blame: ${since.join(", ")})`
                : "";
              if (changed.length)
                throw new Error(
                  `${identity} got 400 (${res.text.slice(0, 200)}), yet data changed${refusals}:\n    ${changed.join("\n    ")}`
                );
              known = after;
              since = [];
            } else since.push(`${identity} ${res.status}`);
          }),
          { numRuns: runs, seed: SEED, endOnFailure: true }
        );
        if (details.failed) expect.fail(failure(apiLabel(endpoint), details, runs));
      },
      timeout(runs)
    );
  }

  /**
   * The random runs above are few; this sweep is exhaustive in one direction: every
   * field and every path parameter of every endpoint, each in turn set to each of a
   * few values that have broken servers before, the rest valid, sent as staff. It
   * checks for 5xx and the error shape, and lists every failure at once.
   */
  const killers: unknown[] = ["\u0000", "\ud800", "a".repeat(HUGE), "275760-09-13", "1e999", 1e308, null, []];
  const pathKillers = killers.filter((k): k is string => typeof k === "string");
  it("every field and path parameter, one killer value at a time: no 5xx, errors in the contract's shape", async () => {
    const t = new Targets();
    const failures: string[] = [];
    for (const e of endpoints) {
      // Each wrong login counts against the per-IP limit; a logout would end the staff session.
      if (e.ownSession || e.path === "/api/v1/auth/login") continue;
      const segments = e.path.split("/");
      const params = segments.flatMap((seg, i) => (seg.startsWith(":") ? [{ at: i, kind: kindOf(segments[i - 1], seg.slice(1)) }] : []));
      await t.need([...params.map((p) => p.kind), ...(e.needs ?? [])]);
      const fields = e.fields ?? {};
      const valid = () =>
        Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v === null ? [] : [[k, typeof v === "function" ? v(t) : v]])));
      const pathWith = (at = -1, value = "") =>
        segments
          .map((seg, i) => (i === at ? value : seg.startsWith(":") ? encode(t.values[params.find((p) => p.at === i)!.kind]) : seg))
          .join("/");
      const cases: { what: string; path: string; values: Record<string, unknown> }[] = [
        ...Object.keys(fields).flatMap((k) =>
          killers.map((v) => ({ what: `${k}=${show(v)}`, path: pathWith(), values: { ...valid(), [k]: v } }))
        ),
        ...params.flatMap((p) =>
          pathKillers.map((v) => ({ what: `${segments[p.at]}=${show(v)}`, path: pathWith(p.at, capUrl(encode(v))), values: valid() }))
        ),
      ];
      // Four at a time: nothing here compares data before and after.
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (const c of cases.filter((_, i) => i % 4 === lane)) {
            const query =
              e.method === "GET"
                ? Object.entries(c.values)
                    .flatMap(([k, v]) => pairs(k, v).map(capUrl))
                    .join("&")
                : "";
            const client = await clientFor("staff", false);
            const res = await client.request(
              e.method,
              c.path + (query ? `?${query}` : ""),
              e.method === "GET" ? undefined : JSON.stringify(c.values)
            );
            const error = (res.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
            if (res.status >= 500) failures.push(`${apiLabel(e)} with ${c.what}: ${res.status} ${res.text.slice(0, 120)}`);
            else if (res.status >= 400 && (typeof error?.code !== "string" || typeof error?.message !== "string"))
              failures.push(`${apiLabel(e)} with ${c.what}: ${res.status} without {error:{code,message}}`);
          }
        })
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("answers a URL past Node's header limit in the contract's shape", async () => {
    const res = await new ApiClient().get(`/api/v1/questions?tag=${"a".repeat(HUGE)}`);
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

// ---------------------------------------------------------------------------
// Page actions: forms as a browser (or a bot) posts them.

/** Fields any form might carry, on top of what each page's source reads. */
const commonFields = [
  "intent",
  "body",
  "title",
  "id",
  "questionId",
  "answerId",
  "username",
  "login",
  "password",
  "email",
  "category",
  "tags",
  "value",
  "redirectTo",
];

/** Which target a page's id-like field names, so a form can be valid but for the field being fuzzed. */
const pageTargets: Record<string, Record<string, Kind>> = {
  "/q/:id": { answerId: "answer", replyId: "approvedReply", of: "question" },
  "/townhalls/:id": { questionId: "thQuestion", into: "thQuestion" },
  "/settings/tokens": { tokenId: "token" },
  "/admin/webhooks": { id: "webhook" },
  "/admin/saved-replies": { id: "savedReply" },
  "/staff/queue": { questionId: "question" },
  "/staff/review": { itemId: "reviewItem" },
  "/admin/advocates": { username: "member" },
  "/admin/users": { username: "member" },
  "/admin/sla": { category: "category" },
};

/** A value a real form would send for a field of that name. */
function plausible(name: string, page: string, t: Targets): string {
  // Deleting one's account takes the password: the staff member's real one would end the fuzz test's own member.
  if (page === "/settings/data" && name === "password") return "not-the-password-1";
  const kind = pageTargets[page]?.[name];
  if (kind) return t.values[kind];
  const known: Record<string, string> = {
    value: "1",
    target: "question",
    status: "escalated",
    action: "approve",
    role: "advocate",
    enabled: "true",
    attending: "true",
    visibility: "public",
    category,
    tags: "wifi",
    email: `page-${run}@example.test`,
    password: "a-long-password-1",
    login: "nobody-at-all",
    startsAt: "2031-01-01T10:00",
    durationMinutes: "60",
    timezoneOffset: "0",
    events: "question.escalated",
    url: `https://hooks.example.test/${hookMarker}`,
    coverage: "always",
    timeZone: "UTC",
    businessDays: "1",
    businessStart: "09:00",
    businessEnd: "17:00",
    firstResponseMinutes: "60",
    advocateWindowMinutes: "30",
    resolutionMinutes: "1440",
    redirectTo: "/",
    slug: "",
  };
  return known[name] ?? "A plausible value for this form field.";
}

async function postForm(path: string, body: string, cookie: string | null, contentType = "application/x-www-form-urlencoded") {
  const headers: Record<string, string> = { "Content-Type": contentType, Origin: baseUrl };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(baseUrl + path, { method: "POST", headers, body, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

// Nothing here compares data before and after, so the pages are fuzzed a few at a time.
describe.concurrent("page actions under random and hostile forms", () => {
  const pages = pageActionFiles();

  it("finds the page actions", ({ expect }) => {
    expect(pages.map((p) => p.pattern)).toEqual(expect.arrayContaining(["/ask", "/q/:id", "/townhalls/:id", "/login"]));
  });

  for (const page of pages) {
    const runs = page.pattern === "/login" ? LOGIN_RUNS : PAGE_RUNS;
    const intents = intentsOf(page.source);
    it(
      `POST ${page.pattern} (intents: ${intents.join(", ") || "none"}): never a 5xx`,
      async ({ expect }) => {
        const segments = page.pattern.split("/");
        const params = segments.flatMap((s, i) => (s.startsWith(":") ? [{ kind: kindOf(segments[i - 1], s.slice(1)) }] : []));
        const fieldsHere = formFieldsOf(page.source).filter((n) => n !== "intent");
        const t = await new Targets().need([
          ...params.map((p) => p.kind),
          ...fieldsHere.flatMap((n) => pageTargets[page.pattern]?.[n] ?? []),
        ]);
        const base: [string, string][] = fieldsHere.map((n) => [n, plausible(n, page.pattern, t)]);
        const names = [...new Set([...fieldsHere, ...commonFields])];
        const index = page.file.endsWith("_index.tsx") ? "?index" : "";
        const name = fc.oneof(
          { weight: fieldsHere.length ? 6 : 0, arbitrary: fc.constantFrom(...(fieldsHere.length ? fieldsHere : names)) },
          { weight: 1, arbitrary: fc.constantFrom(...names) },
          { weight: 1, arbitrary: hostileShort }
        );
        // A bad value aimed at the field (an impossible date for a date), sent as a form sends it.
        const badField = (k: string) => badFor(base.find(([n]) => n === k)?.[1] ?? null, t).map((v) => pairs(k, v));
        const input = fc.record({
          path: fc.tuple(...params.map((p) => pathValue(t.values[p.kind]))).map((values) => {
            let i = 0;
            return segments.map((s) => (s.startsWith(":") ? values[i++] : s)).join("/");
          }),
          intent: fc.option(
            fc.oneof(
              { weight: 3, arbitrary: intents.length ? fc.constantFrom(...intents) : hostileShort },
              { weight: 1, arbitrary: hostileShort }
            ),
            { freq: 5 }
          ),
          // The form as the page sends it with one field hostile (or gone), or any fields at all.
          fields: fc.oneof(
            {
              weight: 3,
              arbitrary: name.chain((k) =>
                fc
                  .option(badField(k), { freq: 8 })
                  .map((bad) => [...base.filter(([n]) => n !== k).flatMap(([n, v]) => pairs(n, v)), ...(bad ?? [])])
              ),
            },
            {
              weight: 2,
              arbitrary: fc.array(fc.tuple(name, hostileText), { maxLength: 8 }).map((list) => list.flatMap(([k, v]) => pairs(k, v))),
            }
          ),
        });
        const details = await fc.check(
          fc.asyncProperty(input, async ({ path, intent, fields }) => {
            const cookie = page.pattern === "/logout" ? (await clientFor("staff", true)).cookie : staff.client.cookie;
            const body = [...(intent === null ? [] : pairs("intent", intent)), ...fields].join("&");
            const res = await postForm(path + index, body, cookie);
            if (res.status >= 500) throw new Error(`got ${res.status}: ${res.text.replace(/\s+/g, " ").slice(0, 200)}`);
          }),
          { numRuns: runs, seed: SEED, endOnFailure: true }
        );
        if (details.failed) expect.fail(failure(`POST ${page.pattern}`, details, runs));
      },
      timeout(runs)
    );
  }

  const brokenMultipart: [string, string, string][] = [
    [
      "a boundary that never appears",
      "multipart/form-data; boundary=expected-boundary",
      '--other-boundary\r\nContent-Disposition: form-data; name="title"\r\n\r\nMy speaker will not pair at all\r\n--other-boundary--\r\n',
    ],
    ["no boundary at all", "multipart/form-data", 'Content-Disposition: form-data; name="title"\r\n\r\nhello\r\n'],
    ["an empty boundary", "multipart/form-data; boundary=", "--\r\n\r\n--"],
    ["a part cut off", "multipart/form-data; boundary=cut", '--cut\r\nContent-Disposition: form-data; name="body"\r\n\r\nThe speaker dr'],
    ["a part with no headers", "multipart/form-data; boundary=bare", "--bare\r\n\r\nno headers here\r\n--bare--\r\n"],
    [
      "a boundary longer than 70 characters",
      `multipart/form-data; boundary=${"b".repeat(200)}`,
      `--${"b".repeat(200)}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--${"b".repeat(200)}--\r\n`,
    ],
    [
      "a NUL in the part name",
      "multipart/form-data; boundary=nul",
      '--nul\r\nContent-Disposition: form-data; name="ti\u0000tle"\r\n\r\nx\r\n--nul--\r\n',
    ],
  ];

  for (const [what, contentType, body] of brokenMultipart) {
    it(`POST /ask with a malformed multipart body (${what}): never a 5xx`, async ({ expect }) => {
      const res = await postForm("/ask", body, staff.client.cookie, contentType);
      expect(res.status, res.text.replace(/\s+/g, " ").slice(0, 200)).toBeLessThan(500);
    });
  }

  it("POST /ask with random multipart bodies: never a 5xx", async ({ expect }) => {
    const details = await fc.check(
      fc.asyncProperty(
        fc.tuple(fc.oneof(hostileShort, fc.constant("fixed")), fc.oneof(hostileShort, fc.string({ unit: "binary", maxLength: 200 }))),
        async ([boundary, text]) => {
          const body = `--fixed\r\nContent-Disposition: form-data; name="title"\r\n\r\n${text}\r\n--fixed--\r\n`;
          const res = await postForm("/ask", body, staff.client.cookie, `multipart/form-data; boundary=${encode(boundary)}`);
          if (res.status >= 500) throw new Error(`got ${res.status}: ${res.text.replace(/\s+/g, " ").slice(0, 200)}`);
        }
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true }
    );
    if (details.failed) expect.fail(failure("POST /ask (multipart)", details, RUNS));
  });

  /**
   * As for the API: every intent of every page, with every field it reads in turn set
   * to a few killer values and the rest as the page sends them, all failures at once;
   * as staff, and the admin pages as the admin too.
   */
  it("every intent and field of every page action, one killer value at a time: never a 5xx", async ({ expect }) => {
    const pageKillers = ["\u0000", "275760-09-13", "1e308"];
    const failures: string[] = [];
    for (const page of pages) {
      if (page.pattern === "/login" || page.pattern === "/logout") continue; // the login limit; the staff session
      const segments = page.pattern.split("/");
      const params = segments.flatMap((seg, i) => (seg.startsWith(":") ? [{ at: i, kind: kindOf(segments[i - 1], seg.slice(1)) }] : []));
      const fields = formFieldsOf(page.source).filter((n) => n !== "intent");
      const t = await new Targets().need([...params.map((p) => p.kind), ...fields.flatMap((n) => pageTargets[page.pattern]?.[n] ?? [])]);
      // A data request (`_data`, as Remix's own forms send with JavaScript on) runs the same
      // action without rendering the page afterwards: the sweep sends hundreds.
      const route = encodeURIComponent(`routes/${page.file.replace(/\.tsx?$/, "")}`);
      const path =
        segments.map((seg, i) => (seg.startsWith(":") ? encode(t.values[params.find((p) => p.at === i)!.kind]) : seg)).join("/") +
        (page.file.endsWith("_index.tsx") ? `?index&_data=${route}` : `?_data=${route}`);
      const intents = intentsOf(page.source);
      // Under an intent, the fields it reads (and the body and title a form may carry); else every field.
      const { shared, byIntent } = fieldsByIntent(page.source);
      const fieldsFor = (intent: string | null) => {
        if (intent === null) return fields;
        const read = new Set([...shared, ...(byIntent[intent] ?? []), ...fields.filter((f) => f === "body" || f === "title")]);
        return read.size ? fields.filter((f) => read.has(f)) : fields;
      };
      const cases = (intents.length ? intents : [null]).flatMap((intent) =>
        fieldsFor(intent).flatMap((field) =>
          pageKillers.map((killer) => {
            const form = [
              ...(intent ? pairs("intent", intent) : []),
              ...fields.flatMap((n) => pairs(n, n === field ? killer : plausible(n, page.pattern, t))),
            ];
            return { what: `${intent ? `intent=${intent} ` : ""}${field}=${show(killer)}`, body: form.join("&") };
          })
        )
      );
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (const c of cases.filter((_, i) => i % 4 === lane)) {
            // Admin pages also as the admin: some of their actions refuse staff before reading a field.
            for (const [who, cookie] of page.pattern.startsWith("/admin/")
              ? [
                  ["staff", staff.client.cookie],
                  ["admin", admin.cookie],
                ]
              : [["staff", staff.client.cookie]]) {
              const res = await postForm(path, c.body, cookie);
              if (res.status >= 500) failures.push(`POST ${page.pattern} as ${who} with ${c.what}: ${res.status}`);
            }
          }
        })
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("a malformed multipart body to any page action: never a 5xx", async ({ expect }) => {
    const t = await new Targets().need(["question", "answer", "townhall"]);
    const failures: string[] = [];
    for (const page of pages.filter((p) => p.pattern !== "/logout")) {
      const path = page.pattern.replace(
        /\/(q|a|townhalls)\/:id/,
        (_, seg: string) => `/${seg}/${seg === "a" ? t.values.answer : seg === "q" ? t.values.question : t.values.townhall}`
      );
      const res = await postForm(
        path + (page.file.endsWith("_index.tsx") ? "?index" : ""),
        brokenMultipart[0][2],
        staff.client.cookie,
        brokenMultipart[0][1]
      );
      if (res.status >= 500) failures.push(`POST ${path}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
