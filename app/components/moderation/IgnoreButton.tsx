import { Form } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { errorsOf, type FormReply } from "~/http/form-result";

/** "Ignore" on a profile: a plain form, so it works without JavaScript; the page reloads with the new state. */
export function IgnoreButton({ username, ignoring, reply }: { username: string; ignoring: boolean; reply?: FormReply }) {
  return (
    <Form method="post" className="space-y-2" data-testid="ignore-form">
      <input type="hidden" name="intent" value={ignoring ? "unignore" : "ignore"} />
      <button
        type="submit"
        className="btn-secondary"
        title={ignoring ? undefined : `Fold ${username}'s posts away and stop their mentions and replies notifying you`}
      >
        {ignoring ? "Stop ignoring" : "Ignore"}
      </button>
      <FormError errors={errorsOf(reply).form} />
    </Form>
  );
}
