/**
 * What a browser gets while the process is still starting (the database,
 * search and jobs come up before the app can answer): a small page that says
 * so and reloads itself, with no script and nothing fetched, since nothing
 * else is served yet. A meta refresh brings the browser back (no script
 * needed), the page saying that it will and offering a link to do it at once.
 */
const RETRY_SECONDS = 3;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headers for any answer while starting, page or JSON: clients that honour Retry-After come back by themselves. */
export const startingHeaders = { "Retry-After": String(RETRY_SECONDS), "Cache-Control": "no-store" };

export function startingPage(step: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS}">
<title>Starting up…</title>
<style>
  :root { color-scheme: light dark; --bg: #f8fafc; --card: #ffffff; --text: #0f172a; --muted: #475569; --accent: #2563eb; --line: #e2e8f0; }
  @media (prefers-color-scheme: dark) { :root { --bg: #0f172a; --card: #1e293b; --text: #f1f5f9; --muted: #cbd5e1; --accent: #93c5fd; --line: #334155; } }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1rem; background: var(--bg); color: var(--text);
    font: 16px/1.5 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { width: 100%; max-width: 28rem; background: var(--card); border: 1px solid var(--line); border-radius: 1rem; padding: 2rem; text-align: center; }
  h1 { font-size: 1.5rem; margin: 1rem 0 0.5rem; }
  p { margin: 0.5rem 0; color: var(--muted); }
  .spinner { width: 2.5rem; height: 2.5rem; margin: 0 auto; border-radius: 50%; border: 4px solid var(--line); border-top-color: var(--accent); animation: spin 1s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  a { color: var(--accent); }
</style>
</head>
<body>
<main>
  <div class="spinner" aria-hidden="true"></div>
  <h1>The forum is starting</h1>
  <p role="status">Now: ${escape(step)}…</p>
  <p>This page reloads by itself every ${RETRY_SECONDS} seconds and shows the forum as soon as it is ready, usually within half a minute.</p>
  <p><a href="">Reload now</a></p>
</main>
</body>
</html>`;
}
