import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { RelativeTime } from "~/components/RelativeTime";
import { townhallsPage } from "~/domain/townhalls/townhalls-page.server";
import { scheduleTownhall } from "~/domain/townhalls/townhalls.server";
import { intent, optionalText, text } from "~/http/form-fields";
import { errorsOf, replyFor, typedValue } from "~/http/form-result";
import { formAction, page, signedIn, type IntentHandlers } from "~/http/page.server";
import { LocalTime, useTimeZone } from "~/components/TimeZone";
import { viewerTimeZone } from "~/http/time-zone.server";
import { zoneAbbreviation, zonedLocalToInstant } from "~/format";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Town halls") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async ({ context }) => json(await townhallsPage(context.auth.actor)));
}

const schema = z.discriminatedUnion("intent", [
  intent("schedule", {
    title: text(),
    description: text(),
    startsAt: text(),
    durationMinutes: text(),
    streamUrl: text(),
    cohosts: text(),
    moderated: optionalText(),
  }),
]);

const handlers = {
  async schedule({ value, args }) {
    // datetime-local has no zone: the time is the viewer's wall clock, in the zone the page showed them.
    const zone = viewerTimeZone(args.request, args.context.auth);
    const startsAt = value.startsAt ? (zonedLocalToInstant(value.startsAt, zone)?.toISOString() ?? value.startsAt) : "";
    const townhall = await scheduleTownhall(signedIn(args), { ...value, startsAt, moderated: value.moderated ?? "false" });
    return redirect(townhall.url);
  },
} satisfies IntentHandlers<typeof schema>;

export async function action(args: ActionFunctionArgs) {
  return formAction(args, schema, handlers);
}

function Row({ t, badge }: { t: { id: string; title: string; startsAt: string; url: string; durationMinutes: number }; badge?: string }) {
  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3">
      {badge ? <span className="rounded bg-rose-600 px-2 py-0.5 text-xs font-semibold uppercase text-white">{badge}</span> : null}
      <Link to={t.url} className="min-w-0 flex-1 font-medium text-slate-900 hover:text-brand-700">
        {t.title}
      </Link>
      <span className="text-sm text-slate-500">
        <LocalTime iso={t.startsAt} /> · {t.durationMinutes} min
      </span>
      <a href={`/townhalls/${t.id}/calendar.ics`} className="link text-sm">
        .ics
      </a>
    </li>
  );
}

export default function Townhalls() {
  const { live, upcoming, past, can } = useLoaderData<typeof loader>();
  const reply = replyFor(useActionData<typeof action>(), "schedule");
  const errors = errorsOf(reply);
  const busy = useNavigation().state === "submitting";
  const err = (name: string) => errors.fields[name]?.[0];
  const typed = (name: string) => typedValue(reply, name);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Town halls</h1>
          <p className="text-sm text-slate-600">
            Live Q&A with the Nimbus team: ask ahead or during, upvote what matters, read every answer afterwards.{" "}
            <a href="/townhalls.ics" className="link">
              Subscribe to the calendar
            </a>
          </p>
        </div>
      </div>
      {live.length ? (
        <section aria-label="Live now">
          <ul className="card divide-y divide-slate-100 border-rose-200">{live.map((t) => <Row key={t.id} t={t} badge="Live" />)}</ul>
        </section>
      ) : null}
      <section aria-label="Upcoming" className="space-y-2">
        <h2 className="text-lg font-semibold text-slate-900">Upcoming</h2>
        {upcoming.length ? <ul className="card divide-y divide-slate-100" data-testid="upcoming-townhalls">{upcoming.map((t) => <Row key={t.id} t={t} />)}</ul> : <div className="card p-6 text-center text-sm text-slate-600">Nothing scheduled yet.</div>}
      </section>
      {past.length ? (
        <section aria-label="Archive" className="space-y-2">
          <h2 className="text-lg font-semibold text-slate-900">Archive</h2>
          <ul className="card divide-y divide-slate-100">
            {past.map((t) => (
              <li key={t.id} className="flex items-center gap-3 px-4 py-3">
                <Link to={t.url} className="min-w-0 flex-1 font-medium text-slate-900 hover:text-brand-700">
                  {t.title}
                </Link>
                <span className="text-sm text-slate-500">
                  <RelativeTime iso={t.startsAt} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {can.schedule ? (
        <section aria-label="Schedule a town hall" className="card space-y-4 p-6">
          <h2 className="text-lg font-semibold text-slate-900">Schedule a town hall</h2>
          {errors.form.length ? <p className="text-sm text-rose-700">{errors.form[0]}</p> : null}
          <Form method="post" className="grid gap-4 sm:grid-cols-2">
            <input type="hidden" name="intent" value="schedule" />
            <label className="text-sm font-medium text-slate-700 sm:col-span-2">
              Title
              <input name="title" className="input mt-1" defaultValue={typed("title")} aria-invalid={Boolean(err("title"))} />
              {err("title") ? <span className="text-xs text-rose-700">{err("title")}</span> : null}
            </label>
            <label className="text-sm font-medium text-slate-700 sm:col-span-2">
              Description (Markdown)
              <textarea name="description" rows={3} className="input mt-1" defaultValue={typed("description")} aria-invalid={Boolean(err("description"))} />
              {err("description") ? <span className="text-xs text-rose-700">{err("description")}</span> : null}
            </label>
            <label className="text-sm font-medium text-slate-700">
              Starts at (your time, <ZoneName />)
              <input type="datetime-local" name="startsAt" className="input mt-1" defaultValue={typed("startsAt")} aria-invalid={Boolean(err("startsAt"))} />
              {err("startsAt") ? <span className="text-xs text-rose-700">{err("startsAt")}</span> : null}
            </label>
            <label className="text-sm font-medium text-slate-700">
              Length (minutes)
              <input type="number" name="durationMinutes" min={15} max={480} className="input mt-1" defaultValue={typed("durationMinutes") ?? "60"} />
              {err("durationMinutes") ? <span className="text-xs text-rose-700">{err("durationMinutes")}</span> : null}
            </label>
            <label className="text-sm font-medium text-slate-700">
              Live stream (YouTube, Vimeo or HLS link, optional)
              <input name="streamUrl" className="input mt-1" defaultValue={typed("streamUrl")} placeholder="https://www.youtube.com/watch?v=…" />
              {err("streamUrl") ? <span className="text-xs text-rose-700">{err("streamUrl")}</span> : null}
            </label>
            <label className="text-sm font-medium text-slate-700">
              Co-hosts (usernames, optional)
              <input name="cohosts" className="input mt-1" defaultValue={typed("cohosts")} placeholder="leo_support priya_support" />
              {err("cohosts") ? <span className="text-xs text-rose-700">{err("cohosts")}</span> : null}
            </label>
            <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
              <input type="checkbox" name="moderated" value="true" defaultChecked className="h-4 w-4" /> Moderated: new questions wait for a host's approval
            </label>
            <div className="sm:col-span-2">
              <button type="submit" className="btn-primary" disabled={busy}>
                Schedule
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** The zone the schedule form reads its time in: "PST", "CET", "UTC". */
function ZoneName() {
  const zone = useTimeZone();
  return <abbr title={zone}>{zoneAbbreviation(new Date(), zone)}</abbr>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
