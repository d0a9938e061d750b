import type { ReactNode } from "react";

/**
 * A post by someone the reader ignores, folded away but one click from
 * reading (a native <details>: no JavaScript, and screen readers announce it
 * as a disclosure). Ignoring hides noise; it should never hide an answer
 * someone needs.
 */
export function IgnoredFold({ ignored, author, children }: { ignored: boolean; author: string; children: ReactNode }) {
  if (!ignored) return <>{children}</>;
  return (
    <details className="group rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2" data-testid="ignored-post">
      <summary className="cursor-pointer text-sm text-slate-700 hover:text-slate-900">
        You are ignoring <span className="font-medium">{author}</span> — show post
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}
