import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "#db/client.server";
import { categories, slaPolicies, type SlaPolicy } from "#db/schema";
import { ensureCan, ensureCanRead, type Actor } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { isValidTimeZone } from "./sla";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";

const DEFAULT_KEY = "";

export const defaultPolicy: Omit<SlaPolicy, "categoryId" | "updatedAt"> = {
  firstResponseMinutes: 60,
  advocateWindowMinutes: 30,
  resolutionMinutes: 1440,
  coverage: "always",
  timeZone: "UTC",
  businessDays: [1, 2, 3, 4, 5],
  businessStart: "09:00",
  businessEnd: "17:00",
  holidays: [],
};

/** The category's own policy, else the forum's default, else the built-in one (24/7, 60 min). */
export async function effectivePolicy(executor: Executor, categoryId: string) {
  const rows = await executor.select().from(slaPolicies).where(eq(slaPolicies.categoryId, categoryId));
  if (rows[0]) return rows[0];
  const [fallback] = await executor.select().from(slaPolicies).where(eq(slaPolicies.categoryId, DEFAULT_KEY));
  return fallback ?? { ...defaultPolicy, categoryId: DEFAULT_KEY, updatedAt: new Date(0) };
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 09:00.");

/** Whole minutes from a form or JSON; an empty field is missing, and null or a boolean is not a number of minutes. */
const minutes = (min: number, max: number, tooMuch: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)], { errorMap: () => ({ message: "Enter a number of minutes." }) })
      .pipe(
        z
          .number()
          .int("Whole minutes, please.")
          .min(min, min === 0 ? "Zero or more minutes." : `At least ${min} minute.`)
          .max(max, tooMuch),
      ),
  );

const realDate = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

export const policySchema = z
  .object({
    firstResponseMinutes: minutes(1, 10_080, "At most a week."),
    advocateWindowMinutes: minutes(0, 10_080, "At most a week."),
    resolutionMinutes: minutes(1, 60 * 24 * 90, "At most 90 days."),
    coverage: z.enum(["always", "business_hours"]),
    timeZone: z.string().trim().refine(isValidTimeZone, "Not a time zone this server knows (try Europe/Berlin)."),
    businessDays: z
      .union([z.array(z.coerce.number().int().min(1).max(7)), z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean).map(Number))])
      .pipe(z.array(z.number().int().min(1, "Days are 1 (Monday) to 7 (Sunday).").max(7, "Days are 1 (Monday) to 7 (Sunday).")))
      .default([1, 2, 3, 4, 5]),
    businessStart: hhmm,
    businessEnd: hhmm,
    holidays: z
      .union([z.array(z.string()), z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean))])
      .pipe(z.array(z.string().refine(realDate, "Holidays are real dates like 2026-12-25.")).max(100))
      .default([]),
  })
  .refine((p) => p.resolutionMinutes >= p.firstResponseMinutes, { path: ["resolutionMinutes"], message: "The resolution target can't come before the first reply." })
  .refine((p) => p.coverage === "always" || p.businessDays.length > 0, { path: ["businessDays"], message: "Pick at least one day." })
  .refine((p) => p.advocateWindowMinutes <= p.firstResponseMinutes, { path: ["advocateWindowMinutes"], message: "The advocate window must end before the first-response target." })
  .refine((p) => p.coverage === "always" || p.businessStart < p.businessEnd, { path: ["businessEnd"], message: "Business hours must end after they start." });

/** A policy as the staff pages and the API show it. */
export type SlaPolicyView = Omit<SlaPolicy, "updatedAt"> & { updatedAt: string };

function presentPolicy(p: SlaPolicy): SlaPolicyView {
  return { ...p, updatedAt: p.updatedAt.toISOString() };
}

export interface SlaPoliciesView {
  default: SlaPolicyView;
  categories: { category: { id: string; slug: string; name: string }; own: boolean; policy: SlaPolicyView }[];
}

/** Staff view: the default and every category, each with its effective policy. */
export async function listPolicies(actor: Actor | null): Promise<SlaPoliciesView> {
  ensureCanRead(actor, "sla:manage");
  const [rows, cats] = await Promise.all([db().select().from(slaPolicies), db().select().from(categories).orderBy(asc(categories.position), asc(categories.name))]);
  const byKey = new Map(rows.map((r) => [r.categoryId, r]));
  const fallback = byKey.get(DEFAULT_KEY) ?? { ...defaultPolicy, categoryId: DEFAULT_KEY, updatedAt: new Date(0) };
  return {
    default: presentPolicy(fallback),
    categories: cats.map((c) => ({ category: { id: c.id, slug: c.slug, name: c.name }, own: byKey.has(c.id), policy: presentPolicy(byKey.get(c.id) ?? fallback) })),
  };
}

/** Sets the default (`category` empty) or one category's policy. New questions use it; open ones keep their clocks. */
export async function savePolicy(actor: Actor | null, categorySlug: string, input: unknown): Promise<SlaPolicyView> {
  const me = ensureCan(actor, "sla:manage");
  const data = parseInput(policySchema, input);
  let key = DEFAULT_KEY;
  let label = "Default policy";
  if (categorySlug) {
    const [c] = await db().select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.slug, categorySlug));
    if (!c) throw new NotFoundError("No such category.");
    key = c.id;
    label = c.name;
  }
  const values = { ...data, categoryId: key, updatedAt: clock() };
  const [row] = await transact(async (tx) => {
    const saved = await tx.insert(slaPolicies).values(values).onConflictDoUpdate({ target: slaPolicies.categoryId, set: values }).returning();
    await recordAudit(tx, me, { action: "sla.saved", target: { type: "category", id: key, label }, data: { ...data } });
    return saved;
  });
  return presentPolicy(row);
}

/** A category goes back to the default policy. */
export async function resetPolicy(actor: Actor | null, categorySlug: string) {
  const me = ensureCan(actor, "sla:manage");
  const [c] = await db().select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.slug, categorySlug));
  if (!c) throw new NotFoundError("No such category.");
  await transact(async (tx) => {
    const removed = await tx.delete(slaPolicies).where(eq(slaPolicies.categoryId, c.id)).returning({ id: slaPolicies.categoryId });
    if (removed.length) await recordAudit(tx, me, { action: "sla.reset", target: { type: "category", id: c.id, label: c.name } });
  });
}
