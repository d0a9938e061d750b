import fs from "node:fs";
import path from "node:path";

/**
 * What the route files under app/routes say about themselves, read from their
 * source the simple way (no TypeScript parser), so the authorization table and
 * the fuzz test can notice an endpoint, a method or an intent nobody listed.
 *
 * The rules, kept deliberately small:
 * - Path: Remix flat routes. Dots are slashes, `$name` is the parameter
 *   `:name`, `[.]` is a literal dot, a trailing `_index` is the parent's index.
 *   `api.v1.$.ts` (a bare `$`) is the API's catch-all 404 and is left out.
 * - The action's source is the text from `export const action` (or
 *   `export async function action`) to the next top-level `export` or the end.
 * - Methods: every `request.method === "X"` / `request.method !== "X"` in the
 *   action names a method it handles (in these files each comparison either
 *   picks the method's branch or refuses every other method). An action that
 *   never compares the method is called by Remix for any non-GET method and is
 *   counted as POST. An action written as `() => methodNotAllowed(...)` takes
 *   nothing. GET comes from a loader that is not such a refusal; HEAD is never listed.
 * - Verbs: a file with a `$verb` segment dispatches on `params.verb`; its verbs are
 *   the strings it compares `verb` with (`verb === "x"`) or switches on (`case "x":`).
 */

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const routesDir = path.join(root, "app/routes");

export interface RouteFile {
  file: string;
  /** e.g. `/api/v1/questions/:id/answers` */
  pattern: string;
  /** Methods the action handles (never GET or HEAD). */
  actionMethods: string[];
  /** Whether a loader answers GET. */
  get: boolean;
  /** For a `$verb` file, the verbs its source handles; else empty. */
  verbs: string[];
  source: string;
}

/** `api.v1.questions.$id.answers.ts` -> `/api/v1/questions/:id/answers`; `townhalls._index.tsx` -> `/townhalls`. */
export function patternOf(file: string) {
  const name = file.replace(/\.tsx?$/, "");
  const segments = name
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .map((s) => s.replace(/\u0000/g, "."))
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s));
  return "/" + segments.join("/");
}

function exportedSource(source: string, name: "action" | "loader") {
  const start = source.search(new RegExp(`export (const ${name}\\b|async function ${name}\\b|function ${name}\\b)`));
  if (start < 0) return null;
  const rest = source.slice(start + 1);
  const next = rest.search(/\nexport /);
  return next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
}

const refuses = (text: string) => /^export const (action|loader)\s*=\s*\(\)\s*=>\s*methodNotAllowed\(/.test(text.trim());

export function actionMethodsOf(source: string): string[] {
  const action = exportedSource(source, "action");
  if (!action || refuses(action)) return [];
  const named = [...action.matchAll(/request\.method\s*[!=]==\s*"([A-Z]+)"/g)].map((m) => m[1]);
  const methods = named.length ? [...new Set(named)] : ["POST"];
  return methods.filter((m) => m !== "GET" && m !== "HEAD").sort();
}

export function verbsOf(source: string): string[] {
  const found = [...source.matchAll(/\bverb\s*===\s*"([a-z-]+)"/g), ...source.matchAll(/\bcase\s+"([a-z-]+)"\s*:/g)].map((m) => m[1]);
  return [...new Set(found)].sort();
}

function read(file: string): RouteFile {
  const source = fs.readFileSync(path.join(routesDir, file), "utf8");
  const loader = exportedSource(source, "loader");
  const pattern = patternOf(file);
  return {
    file,
    pattern,
    actionMethods: actionMethodsOf(source),
    get: Boolean(loader && !refuses(loader)),
    verbs: pattern.split("/").includes(":verb") ? verbsOf(source) : [],
    source,
  };
}

/** Every `app/routes/api.v1.*.ts` file but the catch-all. */
export function apiRouteFiles(): RouteFile[] {
  return fs
    .readdirSync(routesDir)
    .filter((f) => f.startsWith("api.v1.") && f.endsWith(".ts") && f !== "api.v1.$.ts")
    .sort()
    .map(read);
}

/** Every page route (not `api.v1.*`) that exports an action. */
export function pageActionFiles(): RouteFile[] {
  return fs
    .readdirSync(routesDir)
    .filter((f) => !f.startsWith("api.v1.") && /\.tsx?$/.test(f))
    .sort()
    .map(read)
    .filter((r) => r.actionMethods.length > 0);
}

/**
 * The intents a page handles, from the whole file (a schema may sit outside the
 * action): `intent === "x"`, `intent") === "x"`, `case "x":` and the strings of
 * an `intent: z.enum([...])`. A stray extra (a `case` in a component) only adds
 * one more value for the fuzz test to try.
 */
export function intentsOf(source: string): string[] {
  const found = [
    ...[...source.matchAll(/intent"?\)?\s*===\s*"([a-z-]+)"/g)].map((m) => m[1]),
    ...[...source.matchAll(/\bcase\s+"([a-z-]+)"\s*:/g)].map((m) => m[1]),
    ...[...source.matchAll(/intent:\s*z\.enum\(\[([^\]]+)\]/g)].flatMap((m) => [...m[1].matchAll(/"([a-z-]+)"/g)].map((x) => x[1])),
  ];
  return [...new Set(found)].sort();
}

/**
 * The form fields a page reads or renders: `form.get("x")`, `form.getAll("x")`,
 * `formValues(form, ["x", ...])` in the action, and `name="x"` in its markup.
 */
export function formFieldsOf(source: string): string[] {
  const action = exportedSource(source, "action") ?? "";
  const direct = [...action.matchAll(/\.get(?:All)?\("([A-Za-z_]+)"\)/g)].map((m) => m[1]);
  const listed = [...action.matchAll(/formValues\(\w+,\s*\[([^\]]+)\]/g)].flatMap((m) =>
    [...m[1].matchAll(/"([A-Za-z_]+)"/g)].map((x) => x[1])
  );
  const rendered = [...source.matchAll(/\bname="([A-Za-z_]+)"/g)].map((m) => m[1]);
  return [...new Set([...direct, ...listed, ...rendered])].sort();
}

/**
 * Whether a concrete path pattern from a table (`/api/v1/townhalls/:id/start`)
 * is served by a file pattern (`/api/v1/townhalls/:id/:verb`): same number of
 * segments, and every literal segment of the file equal to the table's. The
 * score counts literal matches, so the most specific file wins, as in Remix.
 */
export function matchScore(filePattern: string, tablePath: string): number | null {
  const f = filePattern.split("/");
  const t = tablePath.split("/");
  if (f.length !== t.length) return null;
  let score = 0;
  for (let i = 0; i < f.length; i++) {
    if (f[i].startsWith(":")) continue;
    if (f[i] !== t[i]) return null;
    score++;
  }
  return score;
}

export function fileFor(files: RouteFile[], tablePath: string): RouteFile | undefined {
  let best: { file: RouteFile; score: number } | undefined;
  for (const file of files) {
    const score = matchScore(file.pattern, tablePath);
    if (score !== null && (!best || score > best.score)) best = { file, score };
  }
  return best?.file;
}

/** A table row as the coverage check reads it. */
export interface CoveredRow {
  method: string;
  path: string;
  label: string;
}

/**
 * What a table misses or has too many of, against the route files: a method a
 * file takes with no row; a verb of a `$verb` file with no row; a row no file
 * serves, or served by a file that takes no such method or verb. For `$verb`
 * files methods and verbs are checked each on its own, not as pairs (the files
 * pair them in code the simple reading above does not follow).
 * `methodsOf` says which methods count: the authorization table lists the
 * action's, the fuzz test GET too.
 */
export function coverageProblems(files: RouteFile[], rows: CoveredRow[], methodsOf: (file: RouteFile) => string[]): string[] {
  const served = rows.map((row) => ({ row, file: fileFor(files, row.path) }));
  const problems: string[] = [];
  for (const file of files) {
    for (const method of methodsOf(file)) {
      if (!served.some((s) => s.file === file && s.row.method === method))
        problems.push(`missing from the table: ${method} ${file.pattern} (${file.file})`);
    }
    const verbAt = file.pattern.split("/").indexOf(":verb");
    for (const verb of file.verbs) {
      if (!served.some((s) => s.file === file && s.row.path.split("/")[verbAt] === verb))
        problems.push(`missing from the table: ${file.pattern} with verb "${verb}" (${file.file})`);
    }
  }
  for (const { row, file } of served) {
    if (!file) problems.push(`no route file serves the row ${row.label}`);
    else if (!methodsOf(file).includes(row.method))
      problems.push(`${file.file} does not take ${row.method}, yet the table has ${row.label}`);
    else if (file.verbs.length && !file.verbs.includes(row.path.split("/")[file.pattern.split("/").indexOf(":verb")]))
      problems.push(`${file.file} handles no such verb as in ${row.label}`);
  }
  return problems;
}

/**
 * Which form fields each intent of a page action reads, for a sweep that need not
 * try every field under every intent. An intent's own fields are the `.get("x")`
 * calls between its marker (`case "x":`, `intent === "x"`) and the next one, a
 * marker with nothing after it (`case "a": case "b":`) sharing the next one's;
 * every intent also gets the fields read outside any intent's stretch (before the
 * first marker, as `const id = form.get("id")` at the top).
 */
export function fieldsByIntent(source: string): { shared: string[]; byIntent: Record<string, string[]> } {
  const action = exportedSource(source, "action") ?? "";
  const reads = (text: string) => [...text.matchAll(/\.get(?:All)?\("([A-Za-z_]+)"\)/g)].map((m) => m[1]).filter((f) => f !== "intent");
  const markers = [...action.matchAll(/(?:\bcase\s+"([a-z-]+)"\s*:|intent"?\)?\s*===\s*"([a-z-]+)")/g)].map((m) => ({
    intent: m[1] ?? m[2],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  const stretch = (i: number) => action.slice(markers[i].end, markers[i + 1]?.start ?? action.length);
  const byIntent: Record<string, string[]> = {};
  markers.forEach((m, i) => {
    let j = i;
    while (j < markers.length - 1 && /^[\s|&()]*$/.test(stretch(j))) j++;
    byIntent[m.intent] = [...new Set([...(byIntent[m.intent] ?? []), ...reads(stretch(j))])];
  });
  const shared = reads(markers.length ? action.slice(0, markers[0].start) : action);
  return { shared: [...new Set(shared)], byIntent };
}
