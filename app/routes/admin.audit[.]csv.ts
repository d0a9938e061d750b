import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsv } from "~/domain/audit/list.server";
import { page, signedIn } from "~/http/page.server";

/** The log's "Download CSV": the page's filters, as a file. */
export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const csv = await auditCsv(signedIn(args), Object.fromEntries(new URL(args.request.url).searchParams));
    return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit-log.csv"' } });
  });
}
