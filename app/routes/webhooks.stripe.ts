/**
 * Stripe's webhooks. The signature is checked over the raw body before
 * anything is read from it: a bad or missing one is a 400 and changes
 * nothing. A verified event is applied once (payment.server.ts); an error
 * while applying it is a 500, so Stripe delivers it again later.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { applyStripeEvent } from "~/models/payment.server";
import { verifyStripeEvent } from "~/payments/stripe.server";
import { cardPaymentsEnabled } from "~/utils/env.server";

export async function action({ request }: ActionFunctionArgs) {
  if (!cardPaymentsEnabled()) return new Response("Not found", { status: 404 });
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const body = await request.text();
  let event;
  try {
    event = verifyStripeEvent(body, request.headers.get("stripe-signature"));
  } catch (error) {
    return Response.json({ error: (error as Error).message }, { status: 400 });
  }
  const outcome = await applyStripeEvent(event);
  return Response.json({ received: true, outcome });
}

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}
