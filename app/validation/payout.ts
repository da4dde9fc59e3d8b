import { z } from "./zod";
import { MAX_VND, parseVnd } from "./fields";
import { idField } from "./ids";

/** An operator's payout to a farm: whole đồng written any way parseVnd reads ("1.500.000", "1tr5") and the bank transfer's reference. */
export const payoutSchema = z.object({
  farmId: idField("errors.payout.farm"),
  amountVnd: z
    .string({ error: "errors.payout.amountRequired" })
    .transform((v, ctx) => {
      const n = parseVnd(v);
      if (n === null || n <= 0 || n > MAX_VND) {
        ctx.addIssue({ code: "custom", message: v.trim() ? "errors.payout.amountInvalid" : "errors.payout.amountRequired" });
        return z.NEVER;
      }
      return n;
    }),
  bankReference: z
    .string({ error: "errors.payout.referenceRequired" })
    .trim()
    .min(4, "errors.payout.referenceRequired")
    .max(60, "errors.payout.referenceTooLong")
    .transform((v) => v.normalize("NFC")),
});
