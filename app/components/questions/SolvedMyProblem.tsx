import { useSearchParams } from "@remix-run/react";
import { useState } from "react";

/** Shown when the asker came here from the ask form's suggestions: one click records a deflection. */
export function SolvedMyProblem({ questionId }: { questionId: string }) {
  const [params] = useSearchParams();
  const draftId = params.get("draft");
  const token = params.get("token");
  const [done, setDone] = useState(false);
  if (params.get("from") !== "ask" || !draftId || !token) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm" data-testid="deflection">
      {done ? (
        <span className="font-medium text-emerald-800">Glad it helped! You can close this tab: your draft stays where it was.</span>
      ) : (
        <>
          <span className="text-emerald-900">You opened this from your draft question. Did it answer it?</span>
          <button
            type="button"
            className="btn bg-emerald-700 px-3 py-1.5 text-white hover:bg-emerald-800"
            onClick={async () => {
              await fetch("/api/v1/search/deflection", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ draftId, kind: "solved", questionId, token }) });
              setDone(true);
            }}
          >
            This solved my problem
          </button>
        </>
      )}
    </div>
  );
}
