import type { LoaderFunctionArgs } from "@remix-run/node";
import { communityName } from "~/domain/setup/first-run.server";

/** The web app manifest, named as first-run setup named the community, so "add to home screen" shows its name. */
export async function loader(_args: LoaderFunctionArgs) {
  const name = await communityName();
  const manifest = {
    name,
    short_name: name.length > 12 ? name.split(" ")[0] : name,
    description: `Answers from ${name}'s customers, advocates and staff.`,
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#1b5ef5",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
