import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { auditCsv, auditPage } from "~/domain/audit/list.server";
import { api, methodNotAllowed } from "~/http/api.server";
import { csvDownload } from "~/http/csv";

/**
 * `?actor=<username>&action=<action>&target=<type>[:<id>]&cursor=` (admins). With
 * `Accept: text/csv` the same filters answer as a CSV file instead of a page.
 */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  if (request.headers.get("accept")?.includes("text/csv")) {
    return csvDownload(await auditCsv(context.auth.actor, query), "audit-log.csv");
  }
  const { entries, nextCursor } = await auditPage(context.auth.actor, query);
  return json({ entries, nextCursor });
});

export const action = () => methodNotAllowed(["GET"]);
