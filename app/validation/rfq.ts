/** The forms of requests for quotation and quotes (decision 030). */
import { deliveryAddressShape } from "./address";
import { z } from "./zod";
import { categoryRows } from "../../db/data/categories";
import { UNITS } from "~/models/units";
import { CERTIFICATION_TYPES, isoDateField, nfcText, quantityField, vndField } from "./fields";
import { idField } from "./ids";

/** "2026-12-05T17:00" as a Vietnamese clock shows it (UTC+7, no daylight saving). */
export function parseVietnamDateTime(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 23 || minutes > 59) return null;
  const date = new Date(`${m[1]}T${m[2]}:${m[3]}:00+07:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const optionalVnd = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v : undefined))
  .pipe(vndField("errors.targetPrice").optional());

export const quoteRequestSchema = z
  .object({
    categorySlug: z.enum(categoryRows().map((c) => c.slug) as [string, ...string[]], { error: "errors.category.required" }),
    product: z
      .string({ error: "errors.product.required" })
      .trim()
      .min(3, "errors.product.required")
      .max(120, "errors.product.tooLong")
      .transform((v) => v.normalize("NFC")),
    quantity: quantityField("errors.quantity", { allowZero: false }),
    unit: z.enum(UNITS, { error: "errors.unit.required" }),
    grade: nfcText(80, "errors.grade"),
    certifications: z
      .union([z.enum(CERTIFICATION_TYPES), z.array(z.enum(CERTIFICATION_TYPES))], { error: "errors.certification.type" })
      .optional()
      .transform((v) => [...new Set(v === undefined ? [] : [v].flat())]),
    ...deliveryAddressShape,
    deliverFrom: z.string({ error: "errors.deliverFrom.required" }).pipe(isoDateField),
    deliverTo: z.string({ error: "errors.deliverTo.required" }).pipe(isoDateField),
    targetPriceVnd: optionalVnd,
    deadline: z.string({ error: "errors.deadline.required" }).transform((v, ctx) => {
      const date = parseVietnamDateTime(v);
      if (!date) {
        ctx.addIssue({ code: "custom", message: "errors.deadline.invalid" });
        return z.NEVER;
      }
      return date;
    }),
    recurrence: z.enum(["once", "weekly"], { error: "errors.form.tampered" }).default("once"),
    audience: z.enum(["open", "invited"], { error: "errors.form.tampered" }).default("open"),
    nationwide: z
      .literal("1", { error: "errors.form.tampered" })
      .optional()
      .transform((v) => v === "1"),
    // Further provinces an open request reaches (decision 034); the model checks they exist.
    provinceCodes: z
      .union([z.string().regex(/^\d{2}$/, "errors.rfq.province"), z.array(z.string().regex(/^\d{2}$/, "errors.rfq.province")).max(34, "errors.form.tooManyRows")], {
        error: "errors.rfq.province",
      })
      .optional()
      .transform((v) => [...new Set(v === undefined ? [] : [v].flat())].sort()),
    repeatUntil: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .pipe(isoDateField.optional()),
    invitedFarmIds: z
      .union([idField("errors.rfq.invitedFarm"), z.array(idField("errors.rfq.invitedFarm")).max(50, "errors.form.tooManyRows")])
      .optional()
      .transform((v) => [...new Set(v === undefined ? [] : [v].flat())]),
  })
  .superRefine((input, ctx) => {
    if (input.deliverFrom > input.deliverTo) ctx.addIssue({ code: "custom", path: ["deliverTo"], message: "errors.deliverTo.beforeFrom" });
    if (input.repeatUntil !== undefined && input.recurrence !== "weekly") ctx.addIssue({ code: "custom", path: ["repeatUntil"], message: "errors.rfq.repeatUntilOnce" });
    if (input.repeatUntil !== undefined && input.repeatUntil < input.deliverFrom) ctx.addIssue({ code: "custom", path: ["repeatUntil"], message: "errors.rfq.repeatUntilBefore" });
    if (input.audience === "invited" && input.invitedFarmIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["invitedFarmIds"], message: "errors.rfq.invitedFarm" });
    }
  });
export type QuoteRequestInput = z.output<typeof quoteRequestSchema>;

export const quoteSchema = z
  .object({
    listingId: idField("errors.rfq.listing"),
    pricePerUnitVnd: vndField("errors.price"),
    quantity: quantityField("errors.quantity", { allowZero: false }),
    earliestDelivery: z.string({ error: "errors.earliestDelivery.required" }).pipe(isoDateField),
    validUntil: z.string({ error: "errors.validUntil.required" }).pipe(isoDateField),
    note: nfcText(1000, "errors.note"),
  })
  .superRefine((input, ctx) => {
    if (input.validUntil < input.earliestDelivery) ctx.addIssue({ code: "custom", path: ["validUntil"], message: "errors.validUntil.beforeDelivery" });
  });
export type QuoteInput = z.output<typeof quoteSchema>;

export const quoteMessageSchema = z.object({
  body: z
    .string({ error: "errors.message.required" })
    .trim()
    .min(1, "errors.message.required")
    .max(2000, "errors.message.tooLong")
    .transform((v) => v.normalize("NFC")),
});

export type Acceptance = { quoteId: number; quantity: number; seenVersion: number };
