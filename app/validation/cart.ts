import { PAYMENT_METHODS } from "./choices";
import { deliveryAddressShape } from "./address";
import { z } from "./zod";
import { isDeliveryOption, type DeliveryOption } from "./listing";
import { quantityField } from "./fields";
import { idField, parseId } from "./ids";

export const cartLineSchema = z.object({
  intent: z.enum(["add", "update", "remove", "accept-prices"], { error: "errors.form.tampered" }),
  listingId: idField("errors.cart.unavailable").optional(),
  quantity: quantityField("errors.quantity", { allowZero: false }).optional(),
});

// "card" is offered only when Stripe is configured (checked on the server at checkout);
// "net_terms" only to a buyer of a company with net terms in force (decision 031; checked again in the order's transaction).
export { PAYMENT_METHODS } from "./choices";

export const checkoutSchema = z.object({
  checkoutKey: z.uuid("errors.checkout.expired"),
  ...deliveryAddressShape,
  paymentMethod: z.enum(PAYMENT_METHODS, { error: "errors.payment.required" }),
  // Issue 12: bought for one of the buyer's companies ("" or absent: for oneself), with its purchase order number.
  companyId: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const id = parseId(v);
      if (id === null) {
        ctx.addIssue({ code: "custom", message: "errors.company.buyRefused" });
        return z.NEVER;
      }
      return id;
    }),
  poNumber: z
    .string()
    .trim()
    .max(40, "errors.poNumber.tooLong")
    .optional()
    .transform((v) => (v ? v.normalize("NFC") : null)),
  // One choice per farm ("delivery.<farm id>"); checked as a whole so that the error is shown with the form's.
  delivery: z
    .record(z.string(), z.unknown())
    .optional()
    .transform((choices, ctx) => {
      const entries = Object.entries(choices ?? {});
      if (!entries.every(([farmId, option]) => parseId(farmId) !== null && typeof option === "string" && isDeliveryOption(option))) {
        ctx.addIssue({ code: "custom", message: "errors.delivery.invalid" });
        return z.NEVER;
      }
      return Object.fromEntries(entries.filter((e): e is [string, DeliveryOption] => typeof e[1] === "string" && isDeliveryOption(e[1])));
    }),
});

