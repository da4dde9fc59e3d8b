import { z } from "./zod";
import { idField } from "./ids";
import { payoutSchema } from "./payout";

/** Whole đồng, as operators type them ("150.000" accepted). */
const amountVnd = z
  .string({ error: "refundOps.errors.amountInvalid" })
  .trim()
  .transform((v) => v.replace(/[.\s]/g, ""))
  .pipe(
    z
      .string()
      .regex(/^\d{1,15}$/, "refundOps.errors.amountInvalid")
      .transform(Number)
      .refine((n) => n > 0, "refundOps.errors.amountInvalid"),
  );

/**
 * An operator refunds an order from its page: all that is left (no amount)
 * or part of it (a line short or spoiled), with why; the bank reference when
 * the money went back by transfer.
 */
export const orderRefundSchema = z.object({
  amountVnd: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), amountVnd.optional()),
  reason: z
    .string()
    .trim()
    .max(200, "refundOps.errors.reasonTooLong")
    .transform((v) => v.normalize("NFC") || null)
    .optional(),
  reference: z
    .string()
    .trim()
    .max(60, "errors.payout.referenceTooLong")
    .transform((v) => v.normalize("NFC") || undefined)
    .optional(),
});

/** An operator sent a failed refund's money back by bank transfer: which refund, and the transfer's reference. */
export const manualRefundSchema = z.object({
  refundId: idField("refundOps.errors.refund"),
  bankReference: payoutSchema.shape.bankReference,
});
