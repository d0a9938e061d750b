import { openForTask } from "./cli";

const handle = await openForTask("npm run db:migrate");
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
