import { Link } from "@remix-run/react";
import { RelativeTime } from "./RelativeTime";

interface Revision {
  number: number;
  title: string | null;
  html: string;
  tags: string[] | null;
  editor: string;
  createdAt: string;
}

/** Every version of a post, newest first. */
export function RevisionList({ heading, backTo, backLabel, revisions }: { heading: string; backTo: string; backLabel: string; revisions: Revision[] }) {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link to={backTo} className="text-sm link">
          ← {backLabel}
        </Link>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">{heading}</h1>
        <p className="text-sm text-slate-600">Every version, newest first.</p>
      </div>
      {revisions.map((r) => (
        <section key={r.number} className="card space-y-3 p-5" data-testid="revision">
          <p className="text-xs text-slate-500">
            Revision {r.number} by {r.editor}, <RelativeTime iso={r.createdAt} />
          </p>
          {r.title ? <h2 className="text-lg font-semibold text-slate-900">{r.title}</h2> : null}
          <div className="prose-forum" dangerouslySetInnerHTML={{ __html: r.html }} />
          {r.tags?.length ? <p className="text-xs text-brand-700">{r.tags.map((t) => `#${t}`).join(" ")}</p> : null}
        </section>
      ))}
    </div>
  );
}
