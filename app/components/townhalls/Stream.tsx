import type { LiveTownhallInfo } from "./live-state";

/** The live video: an HLS stream in a video element, or the provider's player in a sandboxed frame. */
export function Stream({ stream }: { stream: LiveTownhallInfo["stream"] }) {
  if (!stream) return null;
  if (stream.kind === "hls") {
    return <video src={stream.src} controls className="aspect-video w-full rounded-xl bg-black" data-testid="stream" />;
  }
  return (
    <iframe
      src={stream.src}
      title="Live stream"
      className="aspect-video w-full rounded-xl bg-black"
      allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
      sandbox="allow-scripts allow-same-origin allow-presentation"
      referrerPolicy="strict-origin-when-cross-origin"
      data-testid="stream"
    />
  );
}
