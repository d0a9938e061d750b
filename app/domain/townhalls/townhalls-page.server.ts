/** The town halls page: live, upcoming and past ones, and whether this visitor may schedule one. */
import { canScheduleTownhall, type Viewer } from "~/auth/policies";
import { listTownhalls } from "./townhalls.server";

export async function townhallsPage(actor: Viewer) {
  const { live, upcoming, past } = await listTownhalls();
  return { live, upcoming, past, can: { schedule: canScheduleTownhall(actor) } };
}
