import type { LoaderFunctionArgs } from "@remix-run/node";
import { townhallIcs } from "~/domain/townhalls/calendar.server";
import { page } from "~/http/page.server";

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ request, params }) => {
    const body = await townhallIcs(params.id ?? "", new URL(request.url).origin);
    return new Response(body, {
      headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="townhall-${params.id}.ics"` },
    });
  });
}
