import { Form, Link } from "@remix-run/react";
import type { LiveTownhallInfo } from "./live-state";
import { LocalTime } from "~/components/TimeZone";

interface Props {
  townhall: LiveTownhallInfo;
  present: number | null;
  canRun: boolean;
  signedIn: boolean;
  /** Why the last button was refused. */
  refused: string[];
}

function Button({ intent, field, label, tone = "btn-secondary" }: { intent: string; field?: [string, string]; label: string; tone?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {field ? <input type="hidden" name={field[0]} value={field[1]} /> : null}
      <button type="submit" className={tone}>
        {label}
      </button>
    </Form>
  );
}

/** The town hall's title, time and hosts, and the buttons that start, end or join it. */
export function TownhallHeader({ townhall, present, canRun, signedIn, refused }: Props) {
  const live = townhall.state === "live";
  return (
    <header className="space-y-2">
      <Link to="/townhalls" className="link text-sm">
        ← Town halls
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <span
          data-testid="townhall-state"
          className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ${
            live ? "bg-rose-600 text-white" : townhall.state === "ended" ? "bg-slate-200 text-slate-700" : "bg-brand-100 text-brand-800"
          }`}
        >
          {live ? "Live" : townhall.state === "ended" ? "Ended" : "Scheduled"}
        </span>
        {present !== null && live ? (
          <span className="text-xs text-slate-500" data-testid="townhall-present">
            {present} here now
          </span>
        ) : null}
      </div>
      <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{townhall.title}</h1>
      <p className="text-sm text-slate-600">
        <LocalTime iso={townhall.startsAt} style="full" /> · {townhall.durationMinutes} min · hosted by{" "}
        {townhall.host?.username}
        {townhall.cohosts.length ? ` with ${townhall.cohosts.map((c) => c.username).join(", ")}` : ""} ·{" "}
        <a href={townhall.icsUrl} className="link">
          Add to calendar
        </a>
      </p>
      <div className="prose-forum text-slate-700" dangerouslySetInnerHTML={{ __html: townhall.descriptionHtml }} />
      {refused.length ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {refused.join(" ")}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {canRun && townhall.state === "scheduled" ? <Button intent="start" label="Go live" tone="btn-primary" /> : null}
        {canRun && live ? (
          <>
            <Button intent="end" label="End the town hall" tone="btn-danger" />
            <Button intent="chat-toggle" field={["enabled", townhall.chatEnabled ? "false" : "true"]} label={townhall.chatEnabled ? "Turn chat off" : "Turn chat on"} />
          </>
        ) : null}
        {signedIn && townhall.state === "scheduled" ? (
          <Button intent="attend" field={["attending", townhall.attending ? "false" : "true"]} label={townhall.attending ? "You're attending · cancel" : "I will attend"} />
        ) : null}
      </div>
    </header>
  );
}
