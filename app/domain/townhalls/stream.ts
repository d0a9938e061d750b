/**
 * Live streams are embedded from a short list of hosts, rebuilt from the ids
 * we parse out of the URL: nothing a user typed goes into an iframe as is.
 */
export type StreamEmbed = { kind: "youtube"; src: string } | { kind: "vimeo"; src: string } | { kind: "hls"; src: string };

export function streamEmbed(url: string | null | undefined): StreamEmbed | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:") return null;
  const host = u.hostname.replace(/^www\./, "");
  if (host === "youtube.com" || host === "m.youtube.com") {
    const id = u.searchParams.get("v") ?? (u.pathname.startsWith("/live/") ? u.pathname.split("/")[2] : null);
    return id && /^[\w-]{6,20}$/.test(id) ? { kind: "youtube", src: `https://www.youtube-nocookie.com/embed/${id}` } : null;
  }
  if (host === "youtu.be") {
    const id = u.pathname.slice(1);
    return /^[\w-]{6,20}$/.test(id) ? { kind: "youtube", src: `https://www.youtube-nocookie.com/embed/${id}` } : null;
  }
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const id = u.pathname.split("/").filter(Boolean).pop() ?? "";
    return /^\d{5,12}$/.test(id) ? { kind: "vimeo", src: `https://player.vimeo.com/video/${id}` } : null;
  }
  if (u.pathname.endsWith(".m3u8")) return { kind: "hls", src: u.toString() };
  return null;
}
