import { json } from "@remix-run/node";
import { listBadges } from "~/domain/badges/list.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async () => json(await listBadges()));

export const action = () => methodNotAllowed(["GET"]);
