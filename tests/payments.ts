/**
 * Test helpers for card payments: Stripe's webhooks delivered through our
 * real route, and waiting for refunds sent by their jobs.
 */
import { and, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "../db/client";
import { refunds } from "../db/schema";
import { action as webhook } from "../app/routes/webhooks.stripe";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { fakeStripe, STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./handlers/stripe";
import { sideEffectWorkers } from "./jobs";

/**
 * Card payments on, with Stripe's API answered by tests/handlers/stripe.ts at
 * the HTTP edge for this test file, and the side-effect workers running (as
 * the app runs them with card payments on); the fake, to drive and inspect.
 */
export function stripeAtTheEdge(): ReturnType<typeof fakeStripe> {
  process.env.STRIPE_SECRET_KEY = STRIPE_TEST_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = STRIPE_TEST_WEBHOOK_SECRET;
  const fake = fakeStripe();
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  sideEffectWorkers({ refunds: true });
  return fake;
}

/** An event signed as Stripe would (with `secret`, default the test secret), posted to /webhooks/stripe. */
export function deliverWebhook(fake: ReturnType<typeof fakeStripe>, event: Stripe.Event, secret?: string, origin = "http://nongsanso.test"): Promise<Response> {
  const { payload, header } = fake.sign(event, secret);
  const request = new Request(`${origin}/webhooks/stripe`, { method: "POST", body: payload, headers: { "stripe-signature": header } });
  return webhook({ request, params: {}, context: {} });
}

/** Waits for refunds sent by their send-refund jobs to have reached Stripe. */
export async function refundsSent(orderIds: number[]): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const waiting = await db()
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(inArray(refunds.orderId, orderIds), sql`${refunds.stripeRefundId} is null`));
    if (!waiting.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("refunds never reached Stripe");
}

/** Waits for the first try of the orders' refunds (their send-refund jobs), taken by Stripe or not. */
export async function refundsTried(orderIds: number[]): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const waiting = await db()
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(inArray(refunds.orderId, orderIds), sql`${refunds.stripeRefundId} is null and ${refunds.attempts} = 0`));
    if (!waiting.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("refunds were never tried");
}
