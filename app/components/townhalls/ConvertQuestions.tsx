import { Form } from "@remix-run/react";
import type { LiveQuestion } from "./live-state";

/** After a town hall: hosts move the approved questions nobody answered into the forum. */
export function ConvertQuestions({ questions, categories }: { questions: LiveQuestion[]; categories: { slug: string; name: string }[] }) {
  return (
    <section className="card space-y-2 p-4" aria-label="Unanswered questions">
      <h3 className="text-sm font-semibold text-slate-800">Move unanswered questions to the forum</h3>
      {questions
        .filter((q) => q.status === "approved" && !q.forumQuestionUrl)
        .map((q) => (
          <Form key={q.id} method="post" className="flex flex-wrap items-center gap-2 text-sm">
            <input type="hidden" name="intent" value="convert" />
            <input type="hidden" name="questionId" value={q.id} />
            <span className="min-w-0 flex-1 truncate">{q.body}</span>
            <select name="category" className="input w-auto py-1 text-xs" aria-label="Category">
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
            <button type="submit" className="btn-secondary px-2.5 py-1 text-xs">
              Post in the forum
            </button>
          </Form>
        ))}
    </section>
  );
}
