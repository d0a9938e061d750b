/**
 * A value inside a Meilisearch filter expression, quoted: the parser reads a
 * backslash as an escape, so backslashes are doubled before quotes are
 * escaped. Left unescaped, a trailing backslash swallowed the closing quote
 * and the whole query failed over to the slower PostgreSQL search.
 */
export function filterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
