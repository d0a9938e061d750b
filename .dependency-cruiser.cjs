/**
 * The layer rules of docs/architecture.md, checked on every `npm test`
 * (`npm run layers`). From the bottom up:
 *
 *   kernel      app/domain/errors.ts, app/log.server.ts, app/config.server.ts, app/clock.ts, db/schema, db/ids
 *   policies    app/auth/policies: who may do what; pure
 *   infra       db/ (client, migrations), search/ (client, outbox, indexes), app/jobs/{queues,boss.server}
 *   domain      app/domain/**, app/auth/*.server.ts: commands, reads, events
 *   adapters    app/realtime/*.server.ts (socket notices), app/jobs/{registry,worker.server}, app/http/**
 *   edge        app/routes/**, app/root.tsx, app/entry.*, app/runtime.server.ts, server.ts, CLIs
 *
 * A layer imports only the layers below it. UI code (components, the
 * browser half of realtime) never imports server modules.
 */
const domain = "^app/domain/";
const adapters = "^app/(realtime/[^/]+\\.server\\.ts|jobs/(registry|worker\\.server)\\.ts|http/)";
const edge = "^(app/(routes/|root\\.tsx|entry\\.|runtime\\.server\\.ts)|server\\.ts)";
const clis = "^(db/(seed|seed-community|migrate|cli)\\.ts|search/reindex\\.ts|tests/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import circles make start-up order matter and hide who depends on whom.",
      from: { path: "^(app|db|search)/" },
      to: { circular: true },
    },
    {
      name: "policies-are-pure",
      severity: "error",
      comment: "Policies answer from the actor and the row they are given: no database, no domain, no transport.",
      from: { path: "^app/auth/policies/" },
      to: { pathNot: ["^app/auth/policies/", "^app/domain/errors\\.ts$"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-not-to-adapters-or-edge",
      severity: "error",
      comment: "The domain never imports a transport: sockets, caches and jobs subscribe to its events (decision 006).",
      from: { path: domain },
      to: { path: [adapters, edge, "^app/components/", "^app/realtime/"] },
    },
    {
      name: "infra-not-to-domain",
      severity: "error",
      comment: "db/ and search/ sit below the domain; only their command-line tasks may use it.",
      from: { path: "^(db|search)/", pathNot: clis },
      to: { path: [domain, adapters, edge, "^app/auth/"] },
    },
    {
      name: "adapters-not-to-edge",
      severity: "error",
      comment: "Sockets, jobs and HTTP helpers are wired up by the runtime, not the other way round.",
      from: { path: adapters },
      to: { path: edge },
    },
    {
      name: "routes-write-no-sql",
      severity: "error",
      comment: "A route parses, calls a domain function and renders; queries live in the domain.",
      from: { path: "^app/routes/" },
      to: { path: ["^db/client\\.server\\.ts$", "drizzle-orm", "^search/"] },
    },
    {
      name: "routes-decide-nothing",
      severity: "error",
      comment: "Who may do what is decided in the domain through app/auth/policies; routes get `can` objects.",
      from: { path: "^app/routes/" },
      to: { path: "^app/auth/(permissions|policies)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "ui-not-to-server",
      severity: "error",
      comment: "Components run in the browser: a server module there would leak or break the bundle.",
      from: { path: "^app/(components/|realtime/(client|hooks|events)\\.tsx?$)" },
      to: { path: "\\.server\\.tsx?$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|public/build|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
