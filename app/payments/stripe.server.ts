/**
 * The Stripe client, made once from the configuration. The API version is
 * pinned to the one this SDK release was built for, so a change of the
 * account's default version in Stripe's dashboard changes nothing here.
 */
import Stripe from "stripe";
import { z } from "~/validation/zod";
import { env } from "~/utils/env.server";

const STRIPE_API_VERSION = "2026-10-28.endive" as const;

let client: Stripe | undefined;

export function stripe(): Stripe {
  const key = env().STRIPE_SECRET_KEY;
  if (!key) throw new Error("STRIPE_SECRET_KEY is not set");
  client ??= new Stripe(key, {
    apiVersion: STRIPE_API_VERSION,
    // Network errors and 409/429/5xx are retried by the SDK, with the same idempotency key.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "nong-san-so" },
  });
  return client;
}

/**
 * What every event has (Stripe's `event` object): a signed body that is JSON
 * but not this (`{}`, `null`, `[]`, no `data.object`) is refused like a bad
 * signature, not answered 500 for Stripe to retry for days.
 */
const eventShape = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

/** Verifies a webhook's signature over its raw body, then the event's shape; throws when either is wrong. */
export function verifyStripeEvent(rawBody: string, signature: string | null): Stripe.Event {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not set");
  if (!signature) throw new Error("missing Stripe-Signature header");
  const event: unknown = stripe().webhooks.constructEvent(rawBody, signature, secret);
  if (!eventShape.safeParse(event).success) throw new Error("not a Stripe event");
  return event as Stripe.Event;
}
