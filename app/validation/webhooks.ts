/**
 * Webhooks out (issue 15, decision 045): the event types an endpoint may
 * ask for, and the endpoint form. Browser-safe. Whether an address may be
 * reached (https, no private network) is the server's check
 * (app/models/webhook.server.ts), which knows the environment.
 */
import { z } from "./zod";

/** What a company hears of: its orders and the quotes on its requests. */
export const COMPANY_WEBHOOK_EVENTS = [
  "order.placed",
  "order.accepted",
  "order.declined",
  "order.shipped",
  "order.delivered",
  "order.cancelled",
  "order.expired",
  "quote.received",
  "invoice.issued",
] as const;

/** What a farm hears of: its orders, its invoices and its listings running low. */
export const FARM_WEBHOOK_EVENTS = [
  "order.placed",
  "order.accepted",
  "order.declined",
  "order.shipped",
  "order.delivered",
  "order.cancelled",
  "order.expired",
  "invoice.issued",
  "stock.low",
] as const;

export const WEBHOOK_EVENTS = [...new Set([...COMPANY_WEBHOOK_EVENTS, ...FARM_WEBHOOK_EVENTS])] as const;
export type WebhookEventType = (typeof COMPANY_WEBHOOK_EVENTS)[number] | (typeof FARM_WEBHOOK_EVENTS)[number];

export const MAX_WEBHOOK_URL = 500;
export const MAX_WEBHOOK_DESCRIPTION = 200;

function eventsField(allowed: readonly string[]) {
  const one = z.enum(allowed as [string, ...string[]], { error: "errors.webhook.event" });
  return z
    .union([one, z.array(one).max(allowed.length, "errors.webhook.event")], { error: "errors.webhook.eventsRequired" })
    .transform((v) => [...new Set(Array.isArray(v) ? v : [v])].sort());
}

/** The endpoint form: its address, a note for whoever reads the list, and the events it wants. */
export function webhookEndpointSchema(owner: "company" | "farm") {
  return z.object({
    url: z
      .string({ error: "errors.webhook.urlRequired" })
      .trim()
      .min(1, "errors.webhook.urlRequired")
      .max(MAX_WEBHOOK_URL, "errors.webhook.urlTooLong")
      // No spaces, tabs or line breaks inside (the URL parser would drop them silently); stored as the parser writes it.
      .refine((v) => !/\s/.test(v) && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "errors.webhook.url")
      .transform((v) => new URL(v).href),
    description: z.string().trim().max(MAX_WEBHOOK_DESCRIPTION, "errors.webhook.descriptionTooLong").default(""),
    events: eventsField(owner === "company" ? COMPANY_WEBHOOK_EVENTS : FARM_WEBHOOK_EVENTS),
  });
}

/** The same form when editing: with the version it was opened at (decision 016). */
export function webhookEditSchema(owner: "company" | "farm") {
  return webhookEndpointSchema(owner).extend({
    version: z.coerce.number({ error: "errors.form.tampered" }).int("errors.form.tampered").min(1, "errors.form.tampered").max(2_147_483_647, "errors.form.tampered"),
  });
}
