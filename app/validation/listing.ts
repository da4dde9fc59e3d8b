import { z } from "./zod";
import { leafCategorySlugs } from "../../db/data/categories";
import { UNITS } from "~/models/units";
import { parseId } from "./ids";
import {
  certificationsField,
  isoDateField,
  nfcText,
  parseQuantityInput,
  parseVnd,
  MAX_QUANTITY,
  photoIdsField,
  quantityField,
  vndField,
} from "./fields";

import { isDeliveryOption, MAX_TIERS } from "./choices";

export { DELIVERY_OPTIONS, isDeliveryOption, MAX_TIERS, type DeliveryOption } from "./choices";

const tierRow = z.object({ minQty: z.string().optional(), priceVnd: z.string().optional() }).optional();

export const listingSchema = z
  .object({
    title: z
      .string({ error: "errors.title.required" })
      .trim()
      .min(3, "errors.title.tooShort")
      .max(120, "errors.title.tooLong")
      .transform((v) => v.normalize("NFC")),
    categorySlug: z.enum(leafCategorySlugs() as [string, ...string[]], { error: "errors.category.required" }),
    variety: nfcText(80, "errors.variety"),
    grade: nfcText(80, "errors.grade"),
    description: nfcText(4000, "errors.description"),
    unit: z.enum(UNITS, { error: "errors.unit.required" }),
    priceVnd: vndField("errors.price"),
    stock: quantityField("errors.stock", { allowZero: true }),
    minOrderQty: quantityField("errors.minOrderQty", { allowZero: false }).optional(),
    tiers: z.array(tierRow).max(MAX_TIERS, "errors.form.tooManyRows").optional(),
    availableFrom: isoDateField.optional(),
    availableTo: isoDateField.optional(),
    // Checked as a whole so that the error is the field's, shown beside the checkboxes.
    deliveryOptions: z
      .array(z.string())
      .optional()
      .transform((v, ctx) => {
        const options = [...new Set(v ?? [])];
        if (!options.every(isDeliveryOption)) {
          ctx.addIssue({ code: "custom", message: "errors.delivery.invalid" });
          return z.NEVER;
        }
        return options.filter(isDeliveryOption);
      }),
    certifications: certificationsField,
    photoIds: photoIdsField,
    // One of the farm's lots (issue 14): the model checks it is the farm's.
    lotId: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === "") return null;
        const id = parseId(v);
        if (id === null) {
          ctx.addIssue({ code: "custom", message: "errors.lot.choose" });
          return z.NEVER;
        }
        return id;
      }),
    intent: z.enum(["draft", "publish"], { error: "errors.form.tampered" }).default("publish"),
  })
  .transform((v, ctx) => {
    const minOrderQty = v.minOrderQty ?? 1;
    // Volume tiers: blank rows dropped; quantities must rise above the minimum
    // order, prices must fall below the base price and below the tier before.
    const tiers: { minQty: number; priceVnd: number }[] = [];
    let prevQty = minOrderQty;
    let prevPrice = v.priceVnd;
    (v.tiers ?? []).forEach((row, i) => {
      const rawQty = row?.minQty?.trim() ?? "";
      const rawPrice = row?.priceVnd?.trim() ?? "";
      if (!rawQty && !rawPrice) return;
      const minQty = rawQty ? parseQuantityInput(rawQty) : null;
      const priceVnd = rawPrice ? parseVnd(rawPrice) : null;
      if (minQty === null) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "minQty"], message: rawQty ? "errors.tier.qtyNotNumber" : "errors.tier.qtyRequired" });
        return;
      }
      if (minQty > MAX_QUANTITY) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "minQty"], message: "errors.tier.qtyTooLarge" });
        return;
      }
      if (priceVnd === null || priceVnd <= 0) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "priceVnd"], message: rawPrice ? "errors.tier.priceNotNumber" : "errors.tier.priceRequired" });
        return;
      }
      if (minQty <= prevQty) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "minQty"], message: "errors.tier.qtyNotRising" });
        return;
      }
      if (priceVnd >= prevPrice) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "priceVnd"], message: "errors.tier.priceNotFalling" });
        return;
      }
      tiers.push({ minQty, priceVnd });
      prevQty = minQty;
      prevPrice = priceVnd;
    });
    if (v.availableFrom && v.availableTo && v.availableFrom > v.availableTo) {
      ctx.addIssue({ code: "custom", path: ["availableTo"], message: "errors.harvest.order" });
    }
    return { ...v, minOrderQty, tiers };
  });

export type ListingInput = z.output<typeof listingSchema>;
