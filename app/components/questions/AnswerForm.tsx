import { Form, useNavigation } from "@remix-run/react";
import { errorsOf, typedValue, type FormReply } from "~/http/form-result";
import { FormError } from "../Field";
import { MarkdownEditor } from "../MarkdownEditor";

/** The answer box under a question; `reply` is the page's answer to the last one posted, if it failed. */
export function AnswerForm({ questionId, reply }: { questionId: string; reply: FormReply | undefined }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "answer";
  const errors = errorsOf(reply);
  return (
    // Remounting after each submission clears the editor, or refills it with what failed.
    <Form method="post" className="card space-y-4 p-5" key={busy ? "busy" : "idle"} id="answer-form">
      <h2 className="text-lg font-semibold text-slate-900">Your answer</h2>
      <FormError errors={errors.form} />
      <MarkdownEditor
        id={`answer-${questionId}`}
        name="body"
        label="Answer"
        errors={errors.fields.body}
        defaultValue={typedValue(reply, "body") ?? ""}
        placeholder="Share what worked for you. Steps and details help most."
      />
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Posting…" : "Post your answer"}
      </button>
      {/* Last: first, it took the card's space-y gap and left an empty band at the top. */}
      <input type="hidden" name="intent" value="answer" />
    </Form>
  );
}
