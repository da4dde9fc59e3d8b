/**
 * Account forms. Browser-safe: shared by the forms and the actions. Messages
 * are i18n keys, translated where they are shown.
 */
import { z } from "./zod";

export const ROLES = ["farmer", "business", "consumer", "helper", "operator", "moderator", "analyst"] as const;
export type Role = (typeof ROLES)[number];
/** The roles a person may choose at sign-up; helper, operator, moderator and analyst are granted. */
export const SIGNUP_ROLES = ["farmer", "business", "consumer"] as const;

const MOBILE_PREFIXES = /^(3|5|7|8|9)\d{8}$/;

/**
 * A Vietnamese mobile number in any usual form (0912 345 678, +84 912345678,
 * 84-912-345-678) → "84912345678"; null when it is not one.
 */
export function normalizeVietnamesePhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, "");
  let national: string | undefined;
  if (/^\+84\d+$/.test(digits)) national = digits.slice(3);
  else if (/^84\d{9}$/.test(digits)) national = digits.slice(2);
  else if (/^0\d{9}$/.test(digits)) national = digits.slice(1);
  if (!national || !MOBILE_PREFIXES.test(national)) return null;
  return `84${national}`;
}

/** "84912345678" → "0912 345 678" */
export function formatPhone(stored: string): string {
  const national = `0${stored.slice(2)}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

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
