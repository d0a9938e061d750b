import { GeneralErrorBoundary } from "~/components/ErrorPage";

/**
 * Any address no other route claims. Answering it here, rather than leaving it to the router,
 * runs the root loader, so the header still knows who is signed in on the not-found page.
 */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
