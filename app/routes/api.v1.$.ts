import { json } from "@remix-run/node";

const notFound = () => json({ error: { code: "not_found", message: "No such API endpoint." } }, { status: 404 });

export const loader = notFound;
export const action = notFound;
