/**
 * The one shape every page form answers with (see page.server.ts), and how a
 * component reads it. Isomorphic: components import it.
 */
import type { SubmissionResult } from "@conform-to/react";

export interface FormReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

export function isFormReply(data: unknown): data is FormReply {
  return typeof data === "object" && data !== null && "intent" in data && "result" in data;
}

/** The reply to this intent's form, if the last submission was one. */
export function replyFor<D>(data: D | undefined, intent: string): (D & FormReply) | undefined {
  return isFormReply(data) && data.intent === intent ? (data as D & FormReply) : undefined;
}

/** Field and form messages of a reply (conform keeps form-level ones under ""). */
export function errorsOf(reply: FormReply | undefined) {
  const error = reply?.result.status === "error" ? (reply.result.error ?? {}) : {};
  const fields: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(error)) if (name && messages?.length) fields[name] = messages;
  return { form: error[""] ?? [], fields, failed: reply?.result.status === "error" };
}

/** What the person typed, to refill a form that came back with errors. */
export function typedValue(reply: FormReply | undefined, name: string): string | undefined {
  const value = reply?.result.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

/** Every value of a repeated field (checkboxes) as they were sent, to refill them. */
export function typedValues(reply: FormReply | undefined, name: string): string[] | undefined {
  const value = reply?.result.initialValue?.[name];
  if (value === undefined || value === null) return reply?.result.initialValue ? [] : undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** All of a reply's messages, the form's first: for a page that shows one alert for its small forms. */
export function messagesOf(reply: FormReply | undefined): string[] {
  const { form, fields } = errorsOf(reply);
  return [...new Set([...form, ...Object.values(fields).flat()])];
}
