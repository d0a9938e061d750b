/**
 * Field shapes for page form schemas. Pages parse the shape of a form (which
 * intent, which fields); the domain command judges the values with its own
 * rules and messages, so a page and the JSON API refuse the same input alike.
 * Isomorphic: a component may validate with the same schema.
 */
import { z } from "zod";

/** Text as typed: "" when left empty, so the domain sees an empty answer rather than a missing one. */
export const text = () => z.string().default("");

/** Text the domain may do without: undefined when left empty. */
export const optionalText = () => z.string().optional();

/** Every value of a repeated field (checkboxes), [] when none is ticked. */
export const list = () => z.array(z.string());

/** One intent of a page's form: `intent` names it, the shape lists its fields. */
export function intent<const I extends string>(name: I): z.ZodObject<{ intent: z.ZodLiteral<I> }>;
export function intent<const I extends string, S extends z.ZodRawShape>(name: I, shape: S): z.ZodObject<{ intent: z.ZodLiteral<I> } & S>;
export function intent(name: string, shape: z.ZodRawShape = {}) {
  return z.object({ intent: z.literal(name), ...shape });
}
