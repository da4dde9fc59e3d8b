/**
 * Test helpers for card payments: Stripe's webhooks delivered through our
 * real route, and waiting for refunds sent after a commit.
 */
import { and, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "../db/client";
import { refunds } from "../db/schema";
import { action as webhook } from "../app/routes/webhooks.stripe";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { fakeStripe, STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./handlers/stripe";

/**
 * Card payments on, with Stripe's API answered by tests/handlers/stripe.ts at
 * the HTTP edge for this test file; the fake, to drive and inspect.
 */
export function stripeAtTheEdge(): ReturnType<typeof fakeStripe> {
  process.env.STRIPE_SECRET_KEY = STRIPE_TEST_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = STRIPE_TEST_WEBHOOK_SECRET;
  const fake = fakeStripe();
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  return fake;
}

/** An event signed as Stripe would (with `secret`, default the test secret), posted to /webhooks/stripe. */
export function deliverWebhook(fake: ReturnType<typeof fakeStripe>, event: Stripe.Event, secret?: string, origin = "http://nongsanso.test"): Promise<Response> {
  const { payload, header } = fake.sign(event, secret);
  const request = new Request(`${origin}/webhooks/stripe`, { method: "POST", body: payload, headers: { "stripe-signature": header } });
  return webhook({ request, params: {}, context: {} });
}

/** Waits for refunds sent after commit (sendRefundLater) to have reached Stripe. */
export async function refundsSent(orderIds: number[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const waiting = await db()
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(inArray(refunds.orderId, orderIds), sql`${refunds.stripeRefundId} is null`));
    if (!waiting.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("refunds never reached Stripe");
}
