/**
 * Where to go after logging in or signing up: only a path on this site. The
 * target is resolved with `URL` against a placeholder origin, the way a
 * browser would resolve it; anything that lands on another origin (`//evil`,
 * `/\\evil`, `/\t/evil`, `https://evil`, `javascript:`) falls back.
 */
const HERE = "http://forum.invalid";

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  return url.pathname + url.search + url.hash;
}
