/**
 * Lots and what was applied to them (issue 14, decision 042): the forms'
 * schemas, shared by the pages and the actions. Messages are i18n keys.
 * Browser-safe.
 */
import { z } from "./zod";
import { leafCategorySlugs } from "../../db/data/categories";
import { isoDateField } from "./fields";
import { ACTIVE_INGREDIENT_KEYS } from "~/models/phi";

/** Standards a lot can be grown under (the farm's certificate papers are checked apart: decision 036). */
export const LOT_CERTIFICATIONS = ["vietgap", "globalgap", "organic"] as const;
export const LOT_INPUT_KINDS = ["fertiliser", "pesticide"] as const;

/**
 * A GTIN-8, -12, -13 or -14 with a correct GS1 check digit, as the 14 digits
 * GS1 Digital Link uses (left-padded with zeros); null when it is not one.
 */
export function gtin14(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) return null;
  const padded = digits.padStart(14, "0");
  let sum = 0;
  // Weights 3,1,3,1… from the digit left of the check digit.
  for (let i = 0; i < 13; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  const check = (10 - (sum % 10)) % 10;
  return check === Number(padded[13]) ? padded : null;
}

const text = (key: string, max: number, required: boolean) => {
  const base = z
    .string()
    .trim()
    .max(max, `errors.lot.${key}TooLong`)
    .transform((v) => v.normalize("NFC"));
  return required ? z.string({ error: `errors.lot.${key}Required` }).pipe(base).pipe(z.string().min(1, `errors.lot.${key}Required`)) : base.optional().transform((v) => v ?? "");
};

// Conform reads an empty field as absent.
const optionalDate = isoDateField.optional().transform((v) => v ?? null);

export const lotSchema = z
  .object({
    product: text("product", 120, true),
    categorySlug: z
      .enum(leafCategorySlugs() as [string, ...string[]], { error: "errors.category.required" })
      .optional()
      .transform((v) => v ?? null),
    plot: text("plot", 120, false),
    sownOn: optionalDate,
    harvestedOn: optionalDate,
    gtin: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return null;
        const gtin = gtin14(v);
        if (gtin === null) {
          ctx.addIssue({ code: "custom", message: "errors.lot.gtin" });
          return z.NEVER;
        }
        return gtin;
      }),
    certifications: z
      .array(z.string())
      .optional()
      .transform((v, ctx) => {
        const chosen = [...new Set(v ?? [])];
        if (!chosen.every((c) => (LOT_CERTIFICATIONS as readonly string[]).includes(c))) {
          ctx.addIssue({ code: "custom", message: "errors.form.tampered" });
          return z.NEVER;
        }
        return LOT_CERTIFICATIONS.filter((c) => chosen.includes(c));
      }),
  })
  .superRefine((v, ctx) => {
    if (v.sownOn && v.harvestedOn && v.sownOn > v.harvestedOn) {
      ctx.addIssue({ code: "custom", path: ["harvestedOn"], message: "errors.lot.harvestBeforeSowing" });
    }
  });
export type LotInput = z.output<typeof lotSchema>;

export const lotInputSchema = z
  .object({
    kind: z.enum(LOT_INPUT_KINDS, { error: "errors.lot.inputKind" }),
    name: text("inputName", 120, true),
    activeIngredient: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(ACTIVE_INGREDIENT_KEYS, { error: "errors.lot.activeIngredient" }).optional()),
    amount: text("amount", 80, false),
    appliedOn: z.string({ error: "errors.lot.appliedOnRequired" }).pipe(isoDateField),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "pesticide" && !v.activeIngredient) {
      ctx.addIssue({ code: "custom", path: ["activeIngredient"], message: "errors.lot.activeIngredientRequired" });
    }
  })
  // A fertiliser has no active ingredient (a stale choice left in the form is dropped).
  .transform((v) => ({ ...v, activeIngredient: v.kind === "pesticide" ? (v.activeIngredient ?? null) : null }));
export type LotInputInput = z.output<typeof lotInputSchema>;
