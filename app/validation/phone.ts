/**
 * Roles and phone numbers without zod (decision 048): pages that show a
 * phone number or a role import them from here, so they do not bring zod to
 * the browser. auth.ts re-exports them for the schemas and the server.
 */
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
