import { z } from "./zod";
import { idField } from "./ids";

/** An operator's payout to a farm: whole đồng (a "1.500.000" style is accepted) and the bank transfer's reference. */
export const payoutSchema = z.object({
  farmId: idField("errors.payout.farm"),
  amountVnd: z
    .string({ error: "errors.payout.amountRequired" })
    .trim()
    .transform((v) => v.replace(/[.\s]/g, ""))
    .pipe(
      z
        .string()
        .regex(/^\d{1,15}$/, "errors.payout.amountInvalid")
        .transform(Number)
        .refine((n) => n > 0, "errors.payout.amountInvalid"),
    ),
  bankReference: z
    .string({ error: "errors.payout.referenceRequired" })
    .trim()
    .min(4, "errors.payout.referenceRequired")
    .max(60, "errors.payout.referenceTooLong")
    .transform((v) => v.normalize("NFC")),
});
