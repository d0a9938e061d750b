import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { Field } from "../Field";

/** Email, username and password of a new account: sign-up's and first-run setup's, so both ask alike and autofill the same way. */
export function NewAccountFields({
  fields,
  usernameHint,
}: {
  fields: { email: FieldMetadata<string>; username: FieldMetadata<string>; password: FieldMetadata<string> };
  usernameHint: string;
}) {
  return (
    <>
      <Field label="Email" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} />
      <Field label="Username" hint={usernameHint} errors={fields.username.errors} inputProps={{ ...getInputProps(fields.username, { type: "text" }), autoComplete: "username" }} />
      <Field
        label="Password"
        hint="At least 10 characters."
        errors={fields.password.errors}
        inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
      />
    </>
  );
}
