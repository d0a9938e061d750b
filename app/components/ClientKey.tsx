import { useActionData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { isFormReply } from "~/http/form-result";

/** A random idempotency key (32 hex digits); the same in Node and the browser, so a loader can hand out the first one. */
export function newClientKey() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The key one form sends with its next submission. It starts from the root
 * loader's key (so the server and the browser render the same hidden input)
 * and is replaced once a submission of this form succeeds: pressing again
 * after a slow answer resends the same key and the server keeps one row, while
 * the next note gets a fresh key. Use it as the form's React `key` too, so a
 * success remounts the form empty; a refused one keeps what was typed.
 */
export function useClientKey(form: string) {
  const seed = useRouteLoaderData<{ clientKey?: string }>("root")?.clientKey;
  const [key, setKey] = useState(() => `${seed ?? newClientKey()}-${form}`);
  const navigation = useNavigation();
  const actionData = useActionData();
  const sending = navigation.formData?.get("clientKey") === key;
  const sent = useRef(false);
  useEffect(() => {
    if (sending) {
      sent.current = true;
      return;
    }
    if (!sent.current || navigation.state !== "idle") return;
    sent.current = false;
    const refused = isFormReply(actionData) && actionData.result.status === "error";
    if (!refused) setKey(`${newClientKey()}-${form}`);
  }, [sending, navigation.state, actionData, form]);
  return key;
}

export function ClientKeyInput({ value }: { value: string }) {
  return <input type="hidden" name="clientKey" value={value} />;
}
