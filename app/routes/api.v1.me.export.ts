import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { exportMyData } from "~/domain/accounts/export.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** Everything the forum keeps about you, as a JSON file to download. */
export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  const data = await exportMyData(context.auth.actor);
  return json(data, {
    headers: {
      "Content-Disposition": `attachment; filename="${data.profile.username}-data-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
});

export const action = () => methodNotAllowed(["GET"]);
