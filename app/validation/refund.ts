import { z } from "./zod";
import { MAX_VND, parseVnd } from "./fields";
import { idField } from "./ids";
import { payoutSchema } from "./payout";

/** Whole đồng, written any way parseVnd reads ("150.000", "150k"). */
const amountVnd = z.string({ error: "refundOps.errors.amountInvalid" }).transform((v, ctx) => {
  const n = parseVnd(v);
  if (n === null || n <= 0 || n > MAX_VND) {
    ctx.addIssue({ code: "custom", message: "refundOps.errors.amountInvalid" });
    return z.NEVER;
  }
  return n;
});

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
