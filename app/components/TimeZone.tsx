import { useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { DEFAULT_TIME_ZONE, formatTime, type TimeOptions } from "~/format";

interface RootTimes {
  timeZone?: string;
  browserTimeZone?: string | null;
}

/** The zone this page writes times in, as the root loader worked it out (the same on the server and in the browser). */
export function useTimeZone() {
  return useRouteLoaderData<RootTimes>("root")?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** An instant in the viewer's zone, with the zone named unless `zone: false`. */
export function LocalTime({ iso, ...options }: TimeOptions & { iso: string }) {
  const timeZone = useTimeZone();
  return <time dateTime={iso}>{formatTime(iso, timeZone, options)}</time>;
}

/**
 * Tells the server the browser's zone in a `tz` cookie when it is missing or
 * has changed (a laptop that travelled), then reloads the page's data so
 * times already on screen move to that zone. Until then the server wrote
 * them in UTC, and hydration matched that.
 */
export function TimeZoneCookie() {
  const known = useRouteLoaderData<RootTimes>("root")?.browserTimeZone ?? null;
  const { revalidate } = useRevalidator();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === known) return;
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    revalidate();
  }, [known, revalidate]);
  return null;
}
