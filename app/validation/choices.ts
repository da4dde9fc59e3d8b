/**
 * The fixed choices forms and filters offer, without zod: pages import them
 * from here, so a page that only shows the choices (the search filters, the
 * report box) does not bring zod's schemas to the browser (decision 048).
 * The schemas in fields.ts, review.ts and moderation.ts validate against
 * these same lists.
 */
export const CERTIFICATION_TYPES = ["vietgap", "globalgap", "organic", "ocop"] as const;
export type CertificationType = (typeof CERTIFICATION_TYPES)[number];

/** The search page's minimum rating: a whole number of stars, 1–5 (a bad value is ignored, as other filters). */
export const MIN_RATINGS = [4, 3] as const;

export const REPORT_REASONS = ["wrong_information", "prohibited", "scam", "offensive", "other"] as const;

export const DELIVERY_OPTIONS = ["giao-tan-noi", "nhan-tai-vuon", "gui-xe-khach", "giao-hang-lanh"] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

export function isDeliveryOption(value: string): value is DeliveryOption {
  return (DELIVERY_OPTIONS as readonly string[]).includes(value);
}

/** A listing's price tiers: at most this many rows. */
export const MAX_TIERS = 4;

export const PAYMENT_METHODS = ["cod", "bank_transfer", "card", "net_terms"] as const;
