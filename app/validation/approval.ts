/** The forms of the approvals page (decision 033): approve a waiting purchase, or reject it with a reason. */
import { z } from "./zod";
import { idField } from "./ids";

export const MAX_REJECT_REASON = 500;

export const approveSchema = z.object({ orderId: idField("errors.form.tampered") });

export const rejectSchema = z.object({
  orderId: idField("errors.form.tampered"),
  reason: z
    .string({ error: "errors.approval.reasonRequired" })
    .trim()
    .min(1, "errors.approval.reasonRequired")
    .max(MAX_REJECT_REASON, "errors.approval.reasonTooLong")
    .transform((v) => v.normalize("NFC")),
});
