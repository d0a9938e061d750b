/**
 * The page side of what `api()` is for the JSON API: one wrapper that turns a
 * domain refusal into the page's answer, and one shape for form actions.
 *
 * - `page(args, load)`: a signed-out visitor who needs to sign in goes to the
 *   login page and back; any other domain error becomes the status page the
 *   route's ErrorBoundary shows (403, 404, ...).
 * - `formAction(args, schema, handlers)`: the form is parsed once with conform + zod
 *   against a schema discriminated by `intent`, and the one named handler for
 *   that intent runs. Bad input and refusals a person can act on (400, 409,
 *   429) come back as `{ intent, result }`, `result` being conform's
 *   SubmissionResult: inline field and form errors, with what they typed.
 *   A page whose forms act on one item among many (a vote, a claim in a list)
 *   may keep 403 or 404 on the page too (`keepOnPage`): the refusal is about
 *   that item, and the rest of the page is still worth showing. The login
 *   form keeps its 401 the same way.
 *
 * Both take the route's arguments and are called from the route's own
 * `export async function loader(args)` / `action(args)`: the classic compiler
 * drops a route's loader and action from the browser bundle by tree-shaking,
 * and a wrapper called at module scope (`export const loader = page(...)`)
 * would stay there, calling server code that the browser does not have.
 */
import { parseWithZod } from "@conform-to/zod";
import { unstorableFields } from "~/domain/validate";
import type { Submission } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, TypedResponse } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { z } from "zod";
import { ConflictError, isDomainError, ValidationError, type DomainError } from "~/domain/errors";
import type { Actor } from "~/auth/policies";
import type { FormReply } from "./form-result";

type Args = LoaderFunctionArgs | ActionFunctionArgs;

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** A domain refusal as a page: sign in and come back, or the status page. */
function asPageResponse(err: DomainError, request: Request): Response {
  if (err.status === 401) return loginRedirect(request);
  return new Response(err.message, { status: err.status });
}

export async function page<A extends Args, R>(args: A, load: (args: A) => Promise<R>): Promise<R> {
  try {
    return await load(args);
  } catch (err) {
    if (isDomainError(err)) throw asPageResponse(err, args.request);
    throw err;
  }
}

/** Pages that need a signed-in visitor send a signed-out one to log in and back. */
export function signedIn(args: Args): Actor {
  const actor = args.context.auth.actor;
  if (!actor) throw loginRedirect(args.request);
  return actor;
}

type IntentSchema = z.ZodDiscriminatedUnion<"intent", z.ZodDiscriminatedUnionOption<"intent">[]>;
type IntentOf<S extends IntentSchema> = Extract<z.infer<S>["intent"], string>;

export interface IntentContext<S extends IntentSchema, K extends IntentOf<S>> {
  value: Extract<z.infer<S>, { intent: K }>;
  args: ActionFunctionArgs;
  /** The signed-in actor, or null: the domain decides whether that is enough. */
  actor: Actor | null;
  /** A success answer in the one shape: the form resets, and `data` rides along. */
  done: Done;
}

export interface Done {
  (): TypedResponse<FormReply>;
  <D extends Record<string, unknown>>(data: D, init?: ResponseInit): TypedResponse<FormReply & D>;
}

export type IntentHandlers<S extends IntentSchema> = {
  [K in IntentOf<S>]: (ctx: IntentContext<S, K>) => Promise<Response>;
};

function errorReply(submission: Submission<unknown>, err: DomainError, hideFields?: string[]) {
  const fields = err instanceof ValidationError || err instanceof ConflictError ? err.fields : undefined;
  if (fields) {
    const { _form, ...fieldErrors } = fields;
    // Messages sit beside the fields they name; a refusal without fields (below) speaks for the whole form.
    return submission.reply({ fieldErrors, formErrors: _form, hideFields });
  }
  return submission.reply({ formErrors: [err.message], hideFields });
}

export interface FormActionOptions {
  /** Fields never sent back to refill the form (passwords). */
  hideFields?: string[];
  /**
   * Refusals answered as the form's error rather than the page's answer (log
   * in, or the status page): 403 or 404 for one item among many, 401 for the
   * login form itself, whose refusal is "those do not match".
   */
  keepOnPage?: (401 | 403 | 404)[];
}

/**
 * One action for a page's forms. Each intent has its own named handler
 * (declare them `satisfies IntentHandlers<typeof schema>`); the answer to any
 * failure a person can fix is `{ intent, result }`. The answer's type is the
 * union of the handlers' answers, so `useActionData<typeof action>` sees what
 * each one carries.
 */
export async function formAction<S extends IntentSchema, H extends IntentHandlers<S>>(
  args: ActionFunctionArgs,
  schema: S,
  handlers: H,
  options: FormActionOptions = {},
): Promise<Awaited<ReturnType<H[keyof H]>> | TypedResponse<FormReply>> {
  const keepOnPage: readonly number[] = options.keepOnPage ?? [];
  let formData: FormData;
  try {
    formData = await args.request.formData();
  } catch {
    // A body that claims to be a form but is not one (a broken multipart boundary, say).
    return json({ intent: "", result: { status: "error", error: { "": ["The form could not be read. Reload the page and try again."] } } } satisfies FormReply, { status: 400 });
  }
  const intent = String(formData.get("intent") ?? "");
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return json({ intent, result: submission.reply({ hideFields: options.hideFields }) } satisfies FormReply, { status: 400 });
  }
  // Text the database cannot store (NUL, a lone surrogate) is bad input like any other, named by field.
  const unstorable = unstorableFields(submission.value);
  if (Object.keys(unstorable).length) {
    return json({ intent, result: submission.reply({ fieldErrors: unstorable, hideFields: options.hideFields }) } satisfies FormReply, { status: 400 });
  }
  const value = submission.value as z.infer<S>;
  const handler = handlers[value.intent as IntentOf<S>] as unknown as (ctx: IntentContext<S, IntentOf<S>>) => Promise<Awaited<ReturnType<H[keyof H]>>>;
  try {
    return await handler({
      value: value as IntentContext<S, IntentOf<S>>["value"],
      args,
      actor: args.context.auth.actor,
      done: ((data?: Record<string, unknown>, init?: ResponseInit) => json({ intent, result: submission.reply({ resetForm: true }), ...data }, init)) as Done,
    });
  } catch (err) {
    if (err instanceof Response) throw err;
    if (!isDomainError(err)) throw err;
    if ((err.status === 401 || err.status === 403 || err.status === 404) && !keepOnPage.includes(err.status)) throw asPageResponse(err, args.request);
    const headers: Record<string, string> = "retryAfterSeconds" in err ? { "Retry-After": String(err.retryAfterSeconds) } : {};
    return json({ intent, result: errorReply(submission, err, options.hideFields) } satisfies FormReply, { status: err.status, headers });
  }
}
