import { Form } from "@remix-run/react";

/** For members who may close duplicates: close this one as a copy of another, or reopen it. */
export function DuplicateModeration({ closed }: { closed: boolean }) {
  return (
    <details className="card p-4 text-sm">
      <summary className="cursor-pointer font-medium text-slate-700">Moderation</summary>
      <div className="mt-3">
        {closed ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <button type="submit" className="btn-secondary">
              Reopen this question
            </button>
          </Form>
        ) : (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="close-duplicate" />
            <div className="min-w-0 flex-1">
              <label htmlFor="duplicate-of" className="block text-xs font-medium text-slate-600">
                Close as a duplicate of (link or id of the original)
              </label>
              <input id="duplicate-of" name="of" className="input mt-1" placeholder="/q/…" />
            </div>
            <button type="submit" className="btn-secondary">
              Close as duplicate
            </button>
          </Form>
        )}
      </div>
    </details>
  );
}
