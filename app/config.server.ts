import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default("./data"),
  MEILI_HOST: optionalString,
  MEILI_MASTER_KEY: optionalString,
  // Lets several forums (or test runs) share one Meilisearch server.
  MEILI_INDEX_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]*$/).default(""),
  REDIS_URL: optionalString,
  // Signed-out pages are kept this long (docs/decisions/013-anonymous-page-cache.md); 0 turns the cache off.
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // The in-process cache's bound; with REDIS_URL the entries live in Redis and its maxmemory bounds them.
  PAGE_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(64),
  // The site's public origin (https://forum.example.com). When unset, the Host header decides.
  PUBLIC_URL: optionalString,
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  COOKIE_SECURE: z
    .enum(["true", "false", "auto"])
    .default("auto"),
  ADMIN_EMAIL: optionalString,
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString,
  LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  SIGNUP_LIMIT_PER_IP: z.coerce.number().int().positive().default(20),
  SIGNUP_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
  // Reset requests an hour: per address (the inbox a flood would fill) and per client address (one sender probing many inboxes).
  PASSWORD_RESET_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(5),
  PASSWORD_RESET_LIMIT_PER_IP: z.coerce.number().int().positive().default(20),
  PASSWORD_RESET_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
  DEFAULT_SLA_MINUTES: z.coerce.number().int().positive().default(60),
  // Read by the moderation policy (hideWeight); checked here so that a bad value stops the server.
  FLAG_HIDE_WEIGHT: z.coerce.number().int().min(1).max(100).default(3),
  // Webhook receivers on private or loopback addresses are refused (SSRF); an
  // operator lists the internal hosts (host or host:port, comma-separated) that may receive them.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  // Mail: with SMTP_URL unset every message is written as an .eml file under DATA_DIR/mail (admins read them at /admin/mail).
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("Community <no-reply@localhost>"),
  // An instant notification mail waits this long and is dropped if the member read it in the page meanwhile.
  MAIL_INSTANT_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Single sign-on with OpenID Connect: on when the issuer, client id and secret are all set (see oidcSettings).
  OIDC_ISSUER: optionalString.pipe(z.string().url("OIDC_ISSUER must be the provider's issuer URL.").optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: optionalString.transform((v) => v ?? "Sign in with single sign-on"),
  // Hides password sign-in and sign-up; first-run /setup still makes the first admin with a password.
  OIDC_ONLY: flag,
  // Members in this group (read from OIDC_GROUPS_CLAIM) are made staff when they sign in; never demoted by it.
  OIDC_STAFF_GROUP: optionalString,
  OIDC_GROUPS_CLAIM: optionalString.transform((v) => v ?? "groups"),
  OIDC_SCOPES: optionalString.transform((v) => v ?? "openid email profile"),
  // Lets the issuer be plain http: tests and local development only.
  OIDC_ALLOW_HTTP: flag,
});

const oidcRequired = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

// A half-configured provider, or OIDC_ONLY without one, would lock everybody out: refuse to start instead.
const checkedEnv = envSchema.superRefine((env, ctx) => {
  const missing = oidcRequired.filter((name) => !env[name]);
  if (missing.length && missing.length < oidcRequired.length) {
    const present = oidcRequired.filter((name) => !missing.includes(name));
    for (const name of missing) ctx.addIssue({ code: "custom", path: [name], message: `set it too, or unset ${present.join(" and ")}` });
  }
  if (env.OIDC_ONLY && missing.length) ctx.addIssue({ code: "custom", path: ["OIDC_ONLY"], message: `needs ${oidcRequired.join(", ")}` });
  if (env.OIDC_ISSUER && URL.canParse(env.OIDC_ISSUER) && new URL(env.OIDC_ISSUER).protocol !== "https:" && !env.OIDC_ALLOW_HTTP) {
    ctx.addIssue({
      code: "custom",
      path: ["OIDC_ISSUER"],
      message: "must be https (OIDC_ALLOW_HTTP=true allows http, for local testing only)",
    });
  }
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

let cached: Config | undefined;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = checkedEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration in environment variables:\n${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

export function resetConfigForTests(env: Record<string, string | undefined>) {
  cached = loadConfig(env);
  return cached;
}

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  name: string;
  only: boolean;
  staffGroup: string | undefined;
  groupsClaim: string;
  scopes: string;
  allowHttp: boolean;
}

/** The provider to sign in with, or null when single sign-on is not configured. */
export function oidcSettings(cfg: Config = config()): OidcSettings | null {
  if (!cfg.OIDC_ISSUER || !cfg.OIDC_CLIENT_ID || !cfg.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: new URL(cfg.OIDC_ISSUER),
    clientId: cfg.OIDC_CLIENT_ID,
    clientSecret: cfg.OIDC_CLIENT_SECRET,
    name: cfg.OIDC_NAME,
    only: cfg.OIDC_ONLY,
    staffGroup: cfg.OIDC_STAFF_GROUP,
    groupsClaim: cfg.OIDC_GROUPS_CLAIM,
    scopes: cfg.OIDC_SCOPES,
    allowHttp: cfg.OIDC_ALLOW_HTTP,
  };
}
