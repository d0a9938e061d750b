/** Flags for Debian's Chromium here: headless, no sandbox (root in a container), nothing fetched from outside. */
export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
