/**
 * A delivery address as forms post it (checkout, a company's addresses, a
 * request for quotation): one shape, spread into each schema. Browser-safe.
 */
import { normalizeVietnamesePhone } from "./auth";
import { z } from "./zod";

export const deliveryAddressShape = {
  recipient: z
    .string({ error: "errors.recipient.required" })
    .trim()
    .min(2, "errors.recipient.required")
    .max(80, "errors.recipient.tooLong")
    .transform((v) => v.normalize("NFC")),
  phone: z.string({ error: "errors.phone.required" }).transform((v, ctx) => {
    const phone = normalizeVietnamesePhone(v);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "errors.phone.invalid" });
      return z.NEVER;
    }
    return phone;
  }),
  provinceCode: z.string({ error: "errors.province.required" }).regex(/^\d{2}$/, "errors.province.unknown"),
  communeCode: z.string({ error: "errors.commune.required" }).regex(/^\d{5}$/, "errors.commune.unknown"),
  street: z
    .string({ error: "errors.street.required" })
    .trim()
    .min(3, "errors.street.required")
    .max(200, "errors.street.tooLong")
    .transform((v) => v.normalize("NFC")),
};
