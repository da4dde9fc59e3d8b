/**
 * Community teams, households onboarded by a helper, their consent and the
 * household's claim of its own login (issue 11, decision 027). Browser-safe:
 * shared by the forms and the actions. Messages are i18n keys.
 */
import { z } from "./zod";
import { normalizeVietnamesePhone } from "./auth";
import { nfcText } from "./fields";
import { idField } from "./ids";

/** What a helper may be allowed to do; the payout account, password and phone are no scope at all. */
export const CONSENT_SCOPE_VALUES = ["listings", "orders"] as const;
export const CONSENT_METHODS = ["code", "paper"] as const;

const communeCode = z.string({ error: "errors.commune.required" }).regex(/^\d{5}$/, "errors.commune.unknown");

const name = (key: string, max: number) =>
  z
    .string({ error: `${key}.required` })
    .trim()
    .min(2, `${key}.tooShort`)
    .max(max, `${key}.tooLong`)
    .transform((v) => v.normalize("NFC"));

const phoneField = z
  .string({ error: "errors.household.phoneRequired" })
  .max(40, "errors.household.phoneInvalid")
  .transform((v, ctx) => {
    if (!v.trim()) {
      ctx.addIssue({ code: "custom", message: "errors.household.phoneRequired" });
      return z.NEVER;
    }
    const phone = normalizeVietnamesePhone(v.trim());
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "errors.household.phoneInvalid" });
      return z.NEVER;
    }
    return phone;
  });

export const teamSchema = z.object({
  name: name("errors.teamName", 120),
  // The form picks the province first; the team's province is its commune's.
  provinceCode: z.string({ error: "errors.province.required" }).regex(/^\d{2}$/, "errors.province.unknown"),
  communeCode,
});
export type TeamInput = Pick<z.infer<typeof teamSchema>, "name" | "communeCode">;

/** One of the values given, from a form field that may hold one or several; anything else is refused by name. */
const scopesField = z
  .union([z.string(), z.array(z.string())], { error: "errors.consent.scopesRequired" })
  .transform((v) => [v].flat())
  .refine((v) => v.length > 0, "errors.consent.scopesRequired")
  .refine((v) => v.every((s) => (CONSENT_SCOPE_VALUES as readonly string[]).includes(s)), "errors.form.tampered")
  .transform((v) => [...new Set(v)] as (typeof CONSENT_SCOPE_VALUES)[number][]);

export const householdSchema = z.object({
  // Which of the helper's teams the household joins (a hidden field when they have one).
  teamId: idField("errors.form.tampered"),
  displayName: name("errors.householdName", 80),
  phone: phoneField,
  // Blank: the team's commune.
  communeCode: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v === "" || /^\d{5}$/.test(v), "errors.commune.unknown"),
  village: nfcText(200, "errors.village"),
  farmName: name("errors.farmName", 120),
  grows: nfcText(2000, "errors.grows"),
  scopes: scopesField,
  method: z.enum(CONSENT_METHODS, { error: "errors.consent.methodRequired" }),
});
export type HouseholdInput = Omit<z.infer<typeof householdSchema>, "teamId">;

export const removeHelperSchema = z.object({
  teamId: idField("errors.form.tampered"),
  userId: idField("errors.form.tampered"),
});

export const claimPhoneSchema = z.object({ phone: phoneField });

export const claimPasswordSchema = z.object({
  phone: phoneField,
  password: z
    .string({ error: "errors.password.required" })
    .min(8, "errors.password.tooShort")
    .max(200, "errors.password.tooLong"),
});
