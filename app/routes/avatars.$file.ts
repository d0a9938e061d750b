import type { LoaderFunctionArgs } from "@remix-run/node";
import { readAvatar } from "~/domain/accounts/avatar.server";

/** An avatar file. Its name is random and changes with each upload, so it may be cached for a year unchanged. */
export async function loader({ params }: LoaderFunctionArgs) {
  const bytes = await readAvatar(params.file ?? "");
  if (!bytes) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
