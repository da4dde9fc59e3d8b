/**
 * Company accounts (issue 12): the tax code (mã số thuế, MST) and the forms
 * of the company pages. Browser-safe: no server imports.
 *
 * The MST: 10 digits, or 10 digits + "-" + 3 for a dependent unit (branch,
 * "0101234567-001"). Its 10th digit checks the first nine: weights
 * [31, 29, 23, 19, 17, 13, 7, 5, 3], check = 10 − (sum mod 11); a check of
 * 10 matches no digit, so such a prefix is never a code. A branch number is
 * 001–999. Spaces and dots people type ("0101 234 567", "0101.234.567") are
 * dropped. Decision 029.
 */
import { parseIdentifier, type Identifier } from "./auth";
import { vndField } from "./fields";
import { deliveryAddressShape } from "./address";
import { z } from "./zod";

const MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit the first nine digits call for (10: none can match). */
export function taxCodeCheckDigit(firstNine: string): number {
  const sum = MST_WEIGHTS.reduce((total, weight, i) => total + weight * Number(firstNine[i]), 0);
  return 10 - (sum % 11);
}

/** The tax code as stored ("0101234567" or "0101234567-001"), or null when it is not one. */
export function normalizeTaxCode(input: string): string | null {
  const cleaned = input.replace(/[\s.]/g, "");
  const match = /^(\d{10})(?:-(\d{3}))?$/.exec(cleaned);
  if (!match) return null;
  const [, main, branch] = match;
  if (taxCodeCheckDigit(main.slice(0, 9)) !== Number(main[9])) return null;
  if (branch === "000") return null;
  return cleaned;
}

export const taxCodeField = z
  .string({ error: "errors.taxCode.required" })
  .trim()
  .min(1, "errors.taxCode.required")
  .transform((v, ctx) => {
    const code = normalizeTaxCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "errors.taxCode.invalid" });
      return z.NEVER;
    }
    return code;
  });

const companyName = z
  .string({ error: "errors.companyName.required" })
  .trim()
  .min(2, "errors.companyName.required")
  .max(160, "errors.companyName.tooLong")
  .transform((v) => v.normalize("NFC"));

const invoiceAddress = z
  .string({ error: "errors.invoiceAddress.required" })
  .trim()
  .min(5, "errors.invoiceAddress.required")
  .max(300, "errors.invoiceAddress.tooLong")
  .transform((v) => v.normalize("NFC"));

const invoiceEmail = z
  .string({ error: "errors.invoiceEmail.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.invoiceEmail.required")
  .pipe(z.email("errors.invoiceEmail.invalid").max(254, "errors.invoiceEmail.invalid"));

export const companySchema = z.object({ name: companyName, taxCode: taxCodeField, invoiceAddress, invoiceEmail });
export type CompanyInput = z.infer<typeof companySchema>;

export const companyUpdateSchema = z.object({
  name: companyName,
  invoiceAddress,
  invoiceEmail,
  version: z.coerce.number({ error: "errors.form.tampered" }).int("errors.form.tampered").min(1, "errors.form.tampered").max(2_147_483_647, "errors.form.tampered"),
});
export type CompanyUpdateInput = z.infer<typeof companyUpdateSchema>;

export const COMPANY_ROLES = ["owner", "buyer", "approver"] as const;

export const inviteMemberSchema = z.object({
  identifier: z
    .string({ error: "errors.identifier.required" })
    .trim()
    .min(1, "errors.identifier.required")
    .transform((v, ctx): Identifier => {
      const identifier = parseIdentifier(v);
      if (!identifier) {
        ctx.addIssue({ code: "custom", message: "errors.identifier.invalid" });
        return z.NEVER;
      }
      return identifier;
    }),
  role: z.enum(COMPANY_ROLES, { error: "errors.companyRole.required" }),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

/** Empty: no approval needed; else the amount above which an order waits for an approver. */
export const approvalThresholdSchema = z.object({
  threshold: z.union([z.literal("").transform(() => null), vndField("errors.threshold")]),
});

export const companyAddressSchema = z.object({
  label: z
    .string({ error: "errors.addressLabel.required" })
    .trim()
    .min(1, "errors.addressLabel.required")
    .max(80, "errors.addressLabel.tooLong")
    .transform((v) => v.normalize("NFC")),
  ...deliveryAddressShape,
});
export type CompanyAddressInput = z.infer<typeof companyAddressSchema>;
