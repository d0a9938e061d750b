import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { listNotifications, markRead } from "~/domain/notifications/notify.server";
import { parseInput } from "~/domain/validate";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const limit = url.searchParams.get("limit");
  return json(
    await listNotifications(context.auth.actor, { before: url.searchParams.get("cursor") ?? undefined, limit: limit ?? undefined }),
  );
});

const readSchema = z.object({ ids: z.array(z.string().max(40)).max(500).optional() });

/** POST marks notifications read: the listed ids, or all of them. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const { ids } = parseInput(readSchema, await readBody(request));
  return json({ marked: await markRead(context.auth.actor, ids) });
});
