import type { MetaArgs } from "@remix-run/node";
import { defaultCommunityName } from "~/domain/setup/schemas";
import { useRouteLoaderData } from "@remix-run/react";

/** A page's title ending in the community's name as first-run setup named it (the root loader carries it). */
export function pageTitle(matches: MetaArgs["matches"], ...parts: string[]) {
  const root = matches.find((m) => m.id === "root")?.data as { site?: { communityName?: string } } | undefined;
  return [...parts, root?.site?.communityName ?? defaultCommunityName].join(" · ");
}

/** The community's name inside a page, from the root loader. */
export function useCommunityName() {
  return useRouteLoaderData<{ site?: { communityName?: string } }>("root")?.site?.communityName ?? defaultCommunityName;
}
