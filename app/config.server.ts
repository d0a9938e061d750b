import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

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
  // Signed-out pages are kept this long (docs/decisions/012-anonymous-page-cache.md); 0 turns the cache off.
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
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

let cached: Config | undefined;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
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
