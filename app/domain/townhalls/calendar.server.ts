import { desc, eq } from "drizzle-orm";
import { createEvents, type EventAttributes } from "ics";
import { db } from "#db/client.server";
import { townhalls, type Townhall } from "#db/schema";
import { NotFoundError } from "~/domain/errors";
import { plainText } from "#search/indexes/questions.server";
import { townhallUrl } from "./townhalls.server";

function event(t: Townhall, origin: string): EventAttributes {
  const url = `${origin}${townhallUrl(t.id)}`;
  return {
    uid: `townhall-${t.id}@nimbus-community`,
    title: t.title,
    description: `${plainText(t.description, 1500)}\n\nJoin: ${url}`,
    url,
    start: t.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: t.durationMinutes },
    status: "CONFIRMED",
    productId: "nimbus-community/townhalls",
    calName: "Nimbus Community town halls",
  };
}

function calendar(events: EventAttributes[]) {
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error("Could not build the calendar.");
  return value;
}

/** One town hall as an .ics file for "add to calendar". */
export async function townhallIcs(id: string, origin: string) {
  const [t] = await db().select().from(townhalls).where(eq(townhalls.id, id));
  if (!t) throw new NotFoundError("No such town hall.");
  return calendar([event(t, origin)]);
}

/** A feed of every town hall (the last 100), for a calendar subscription. */
export async function townhallFeed(origin: string) {
  const rows = await db().select().from(townhalls).orderBy(desc(townhalls.startsAt)).limit(100);
  return calendar(rows.map((t) => event(t, origin)));
}
