import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsv } from "~/domain/audit/list.server";
import { csvDownload } from "~/http/csv";
import { page, signedIn } from "~/http/page.server";

/** The log's "Download CSV": the page's filters, as a file. */
export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    return csvDownload(await auditCsv(signedIn(args), Object.fromEntries(new URL(args.request.url).searchParams)), "audit-log.csv");
  });
}
