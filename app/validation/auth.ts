/**
 * Account forms. Browser-safe: shared by the forms and the actions. Messages
 * are i18n keys, translated where they are shown.
 */
import { normalizeVietnamesePhone, SIGNUP_ROLES } from "./phone";
import { z } from "./zod";

export { formatPhone, normalizeVietnamesePhone, ROLES, SIGNUP_ROLES, type Role } from "./phone";

export type Identifier = { kind: "phone"; value: string } | { kind: "email"; value: string };

// 254 characters at most (RFC 5321's path limit): longer ones are no one's address, and would not fit the indexes they are kept in.
const emailSchema = z.email().max(254);

/** What a person typed in "phone or email" → the stored form, or null. */
export function parseIdentifier(input: string): Identifier | null {
  const trimmed = input.trim();
  if (trimmed.includes("@")) {
    const email = trimmed.toLowerCase();
    return emailSchema.safeParse(email).success ? { kind: "email", value: email } : null;
  }
  const phone = normalizeVietnamesePhone(trimmed);
  return phone ? { kind: "phone", value: phone } : null;
}

const identifierField = z
  .string({ error: "errors.identifier.required" })
  .trim()
  .min(1, "errors.identifier.required")
  .refine((v) => parseIdentifier(v) !== null, "errors.identifier.invalid");

// Where to go next: a hidden value; a tampered one is ignored (safeRedirect falls back to the default).
const redirectToField = z.string().optional().catch(undefined);

export const signupSchema = z.object({
  identifier: identifierField,
  displayName: z
    .string({ error: "errors.displayName.required" })
    .trim()
    .min(2, "errors.displayName.tooShort")
    .max(80, "errors.displayName.tooLong")
    .transform((v) => v.normalize("NFC")),
  password: z
    .string({ error: "errors.password.required" })
    .min(8, "errors.password.tooShort")
    .max(200, "errors.password.tooLong"),
  role: z.enum(SIGNUP_ROLES, { error: "errors.role.required" }),
  redirectTo: redirectToField,
});

export const loginSchema = z.object({
  identifier: identifierField,
  password: z.string({ error: "errors.password.required" }).min(1, "errors.password.required").max(200, "errors.password.tooLong"),
  redirectTo: redirectToField,
});
