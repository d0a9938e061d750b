import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SettingsPage } from "~/components/settings/SettingsNav";
import { isDomainError, ValidationError } from "~/domain/errors";
import { emailKindLabels, emailNotificationKinds, type EmailDelivery } from "~/domain/notifications/preferences";
import { emailPrefsOf, updateEmailPrefs } from "~/domain/notifications/preferences.server";
import { page, signedIn } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Notification settings") }];

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const me = signedIn(args);
    const prefs = await emailPrefsOf(me.id);
    return json({ prefs: prefs?.prefs, weeklyDigest: prefs?.weeklyDigest ?? true });
  });
}

export async function action(args: ActionFunctionArgs) {
  return page(args, async () => {
    const me = signedIn(args);
    let form: FormData;
    try {
      form = await args.request.formData();
    } catch {
      return json({ saved: false as const, fields: { "": ["The form could not be read. Reload the page and try again."] } as Record<string, string[]> }, { status: 400 });
    }
    const choices = Object.fromEntries(emailNotificationKinds.flatMap((k) => (form.has(k) ? [[k, String(form.get(k))]] : [])));
    try {
      // An unticked box sends nothing, so the form names the box it carries; a POST without it leaves the digest alone.
      await updateEmailPrefs(me, choices, form.has("weeklyDigestShown") ? form.get("weeklyDigest") === "on" : undefined);
      return json({ saved: true as const, fields: {} as Record<string, string[]> });
    } catch (err) {
      if (isDomainError(err) && err instanceof ValidationError) return json({ saved: false as const, fields: err.fields ?? {} }, { status: 400 });
      throw err;
    }
  });
}

const options: { value: EmailDelivery; label: string }[] = [
  { value: "instant", label: "Instant" },
  { value: "daily", label: "Daily digest" },
  { value: "off", label: "Off" },
];

export default function NotificationSettings() {
  const { prefs, weeklyDigest } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <SettingsPage>
      <Form method="post" className="card space-y-5 p-6">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Email notifications</h2>
          <p className="mt-1 text-sm text-slate-600">
            The bell on the site always shows everything. Choose what also reaches your inbox: at once, gathered in one daily email, or not at all. Nothing is mailed
            that you already read on the site.
          </p>
        </div>
        {result?.saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Saved.
          </p>
        ) : null}
        <div className="divide-y divide-slate-100">
          {emailNotificationKinds.map((kind) => (
            <fieldset key={kind} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <legend className="float-left text-sm font-medium text-slate-800 sm:w-1/2">{emailKindLabels[kind]}</legend>
              <div className="flex flex-wrap gap-3">
                {options.map((o) => (
                  <label key={o.value} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                    <input type="radio" name={kind} value={o.value} defaultChecked={prefs?.[kind] === o.value} className="h-4 w-4" />
                    {o.label}
                  </label>
                ))}
              </div>
              {result?.fields?.[kind] ? <p className="text-sm text-red-700">{result.fields[kind].join(" ")}</p> : null}
            </fieldset>
          ))}
        </div>
        <div className="border-t border-slate-100 pt-4">
          <input type="hidden" name="weeklyDigestShown" value="1" />
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" name="weeklyDigest" defaultChecked={weeklyDigest} className="mt-0.5 h-4 w-4" />
            <span>
              <span className="font-medium">Weekly digest</span>
              <span className="block text-slate-600">On Mondays, the week's most voted and answered questions in the categories and tags you follow.</span>
            </span>
          </label>
        </div>
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </Form>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
