/**
 * Whether accounts may sign in (and sign up, and reset a password) with a
 * password. With OIDC_ONLY the identity provider is the only way in, so the
 * password forms are hidden and their endpoints refuse; the first-run /setup
 * still creates the first admin with a password, so a new forum can be set up
 * before its provider is.
 */
import { oidcSettings } from "~/config.server";
import { PasswordSignInDisabledError } from "~/domain/errors";

export function passwordSignInEnabled(): boolean {
  return !oidcSettings()?.only;
}

/** 403 `password_sign_in_disabled` when OIDC_ONLY is set. */
export function ensurePasswordSignIn(): void {
  if (!passwordSignInEnabled()) throw new PasswordSignInDisabledError();
}
