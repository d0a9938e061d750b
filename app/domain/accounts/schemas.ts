import { z } from "zod";
import { roles } from "~/auth/policies";

export const usernameSchema = z
  .string({ required_error: "Choose a username." })
  .trim()
  .min(3, "Usernames have at least 3 characters.")
  .max(30, "Usernames have at most 30 characters.")
  .regex(/^[a-zA-Z0-9_-]+$/, "Use letters, digits, '-' and '_' only.")
  // Deleted accounts are renamed "deleted-…" and shown as "deleted user"; a live account must not look like one.
  .refine((v) => !v.toLowerCase().startsWith("deleted-"), "Usernames cannot start with 'deleted-'.");

export const emailSchema = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address.");

/** A password someone chooses (sign-up, reset, change); how guessable it is is checked apart (password-strength.server.ts). */
export const newPasswordSchema = z
  .string({ required_error: "Choose a password." })
  .min(10, "Passwords have at least 10 characters.")
  .max(200, "Passwords have at most 200 characters.");

export const signupSchema = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: newPasswordSchema,
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.object({
  login: z.string({ required_error: "Enter your email or username." }).trim().min(1, "Enter your email or username.").max(254),
  password: z.string({ required_error: "Enter your password." }).min(1, "Enter your password.").max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const roleChangeSchema = z.object({
  role: z.enum(roles, { errorMap: () => ({ message: `Role must be one of ${roles.join(", ")}.` }) }),
});

export const tokenSchema = z.object({
  name: z.string({ required_error: "Name the token." }).trim().min(1, "Name the token.").max(60, "Token names have at most 60 characters."),
});

const currentPassword = (message: string) => z.string({ required_error: message }).min(1, message).max(200, "Passwords have at most 200 characters.");

/** A mailed token: whatever arrives is looked up by its hash, so only its size is checked here. */
export const mailedTokenSchema = z.string({ required_error: "The link has no token. Open the link from the email again." }).trim().min(1, "The link has no token. Open the link from the email again.").max(200, "This link is not one we sent.");

export const passwordResetRequestSchema = z.object({ email: emailSchema });
export const passwordResetConfirmSchema = z.object({ token: mailedTokenSchema, password: newPasswordSchema });
export const verifyEmailSchema = z.object({ token: mailedTokenSchema });
export const emailChangeSchema = z.object({ email: emailSchema, password: currentPassword("Enter your current password.") });
export const passwordChangeSchema = z.object({ currentPassword: currentPassword("Enter your current password."), password: newPasswordSchema });
