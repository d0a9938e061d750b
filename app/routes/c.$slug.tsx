import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { categoryUrl } from "~/domain/categories/categories.server";

/** Short category links (`/c/<slug>`) open the category's question list. */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(categoryUrl(params.slug ?? ""), 301);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
