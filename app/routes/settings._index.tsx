import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FieldErrors, FormError } from "~/components/Field";
import { SettingsPage } from "~/components/settings/SettingsNav";
import { AVATAR_MAX_BYTES, removeAvatar, setAvatar } from "~/domain/accounts/avatar.server";
import { myProfile, updateProfile } from "~/domain/accounts/profile.server";
import { userUrl } from "~/domain/accounts/present";
import { isDomainError, ValidationError, type FieldErrors as Errors } from "~/domain/errors";
import { page, signedIn } from "~/http/page.server";
import { pageTitle } from "~/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Profile settings") }];

function zones() {
  // Every zone this server's ICU knows, so the list and the check (isTimeZone) agree.
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return list.includes("UTC") ? list : ["UTC", ...list];
}

export async function loader(args: LoaderFunctionArgs) {
  return page(args, async () => {
    const me = signedIn(args);
    return json({ username: me.username, profile: await myProfile(me), zones: zones() });
  });
}

type Reply = { intent: string; saved: boolean; fields: Errors; values?: Record<string, string> };

function reply(data: Reply, status = 200) {
  return json(data, { status });
}

/**
 * Three forms post here: the profile's text fields, the avatar (multipart),
 * and removing the avatar. One form read for all three, because a multipart
 * body can only be read once; a broken one is a 400 said on the page.
 */
export async function action(args: ActionFunctionArgs) {
  return page(args, async () => {
    const me = signedIn(args);
    const declared = Number(args.request.headers.get("content-length") ?? "0");
    // Read and refused below when a little over; refused unread when far over (see readUpload).
    if (declared > 2 * AVATAR_MAX_BYTES) return reply({ intent: "avatar", saved: false, fields: { avatar: ["That image is larger than 5 MB. Choose a smaller one."] } }, 400);
    let form: FormData;
    try {
      form = await args.request.formData();
    } catch {
      return reply({ intent: "", saved: false, fields: { _form: ["The form could not be read. Reload the page and try again."] } }, 400);
    }
    const intent = String(form.get("intent") ?? "");
    const str = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : undefined;
    };
    try {
      if (intent === "profile") {
        // A field the form did not send stays as it is; an empty one clears it.
        await updateProfile(me, { displayName: str("displayName"), bio: str("bio"), timeZone: str("timeZone") });
      } else if (intent === "avatar") {
        const file = form.get("avatar");
        if (!file || typeof file === "string" || file.size === 0) return reply({ intent, saved: false, fields: { avatar: ["Choose an image to upload."] } }, 400);
        await setAvatar(me, new Uint8Array(await file.arrayBuffer()));
      } else if (intent === "remove-avatar") {
        await removeAvatar(me);
      } else {
        return reply({ intent, saved: false, fields: { _form: ["That form is not one this page knows. Reload the page and try again."] } }, 400);
      }
      return reply({ intent, saved: true, fields: {} });
    } catch (err) {
      if (isDomainError(err) && err instanceof ValidationError) {
        const values = intent === "profile" ? { displayName: str("displayName") ?? "", bio: str("bio") ?? "", timeZone: str("timeZone") ?? "" } : undefined;
        return reply({ intent, saved: false, fields: err.fields, values }, 400);
      }
      throw err;
    }
  });
}

export default function ProfileSettings() {
  const { username, profile, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const profileReply = result?.intent === "profile" ? result : undefined;
  const avatarReply = result?.intent === "avatar" || result?.intent === "remove-avatar" ? result : undefined;
  const values = profileReply?.values;
  return (
    <SettingsPage>
      <FormError errors={result?.fields?._form} />

      <section className="card space-y-4 p-6" aria-labelledby="avatar-heading">
        <h2 id="avatar-heading" className="text-lg font-semibold text-slate-900">
          Avatar
        </h2>
        <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
          <Avatar username={username} size="lg" src={profile.avatarUrl} />
          <Form method="post" encType="multipart/form-data" className="flex flex-1 flex-col gap-2">
            <input type="hidden" name="intent" value="avatar" />
            <label htmlFor="avatar" className="text-sm font-medium text-slate-700">
              Upload an image
            </label>
            <input
              id="avatar"
              name="avatar"
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
              aria-invalid={avatarReply?.fields?.avatar ? true : undefined}
              aria-describedby={avatarReply?.fields?.avatar ? "avatar-error" : "avatar-hint"}
            />
            {avatarReply?.fields?.avatar ? (
              <FieldErrors id="avatar-error" errors={avatarReply.fields.avatar} />
            ) : (
              <p id="avatar-hint" className="text-xs text-slate-500">
                PNG, JPEG, WebP or GIF, up to 5 MB. We crop it to a square.
              </p>
            )}
            <div className="flex flex-wrap gap-2">
              <button type="submit" className="btn-primary" disabled={busy}>
                Upload
              </button>
            </div>
          </Form>
        </div>
        {profile.avatarUrl ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remove-avatar" />
            <button type="submit" className="btn-secondary" disabled={busy}>
              Remove avatar
            </button>
          </Form>
        ) : null}
        {avatarReply?.saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {avatarReply.intent === "avatar" ? "Your new avatar is saved." : "Avatar removed: your initials show instead."}
          </p>
        ) : null}
      </section>

      <Form method="post" className="card space-y-5 p-6" aria-labelledby="profile-heading">
        <input type="hidden" name="intent" value="profile" />
        <div>
          <h2 id="profile-heading" className="text-lg font-semibold text-slate-900">
            Profile
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Shown on{" "}
            <Link to={userUrl(username)} className="link">
              your public profile
            </Link>
            . Your username, @{username}, stays as it is.
          </p>
        </div>
        {profileReply?.saved ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Saved.
          </p>
        ) : null}
        <Field
          label="Display name"
          hint="Up to 60 characters. Leave empty to show your username."
          errors={profileReply?.fields?.displayName}
          inputProps={{ id: "displayName", name: "displayName", type: "text", maxLength: 60, defaultValue: values?.displayName ?? profile.displayName ?? "", autoComplete: "name" }}
        />
        <div className="space-y-1.5">
          <label htmlFor="bio" className="block text-sm font-medium text-slate-700">
            Bio
          </label>
          <textarea
            id="bio"
            name="bio"
            rows={4}
            maxLength={500}
            defaultValue={values?.bio ?? profile.bio ?? ""}
            className="input"
            aria-invalid={profileReply?.fields?.bio ? true : undefined}
            aria-describedby={profileReply?.fields?.bio ? "bio-error" : "bio-hint"}
          />
          {profileReply?.fields?.bio ? <FieldErrors id="bio-error" errors={profileReply.fields.bio} /> : <p id="bio-hint" className="text-xs text-slate-500">A line or two about you, up to 500 characters.</p>}
        </div>
        <div className="space-y-1.5">
          <label htmlFor="timeZone" className="block text-sm font-medium text-slate-700">
            Time zone
          </label>
          <select
            id="timeZone"
            name="timeZone"
            defaultValue={values?.timeZone ?? profile.timeZone ?? ""}
            className="input"
            aria-invalid={profileReply?.fields?.timeZone ? true : undefined}
            aria-describedby={profileReply?.fields?.timeZone ? "timeZone-error" : "timeZone-hint"}
          >
            <option value="">My browser's time zone</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {profileReply?.fields?.timeZone ? (
            <FieldErrors id="timeZone-error" errors={profileReply.fields.timeZone} />
          ) : (
            <p id="timeZone-hint" className="text-xs text-slate-500">
              Times on the site are shown in this zone.
            </p>
          )}
        </div>
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save profile"}
        </button>
      </Form>
    </SettingsPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
