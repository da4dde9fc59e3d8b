/**
 * For the browser tests only (STRIPE_FAKE=true): the server's calls to
 * Stripe's API are answered in-process by the handlers in ./stripe.ts, and
 * a plain page stands in for Stripe's hosted checkout, with buttons to pay,
 * have the card declined, or go back. Events reach /webhooks/stripe over
 * HTTP, signed, a moment after the change, as Stripe would send them. A test
 * makes a session's time run out with POST /__stripe/sessions/:id/expire.
 */
import express, { type Router } from "express";
import { setupServer } from "msw/node";
import type Stripe from "stripe";
import { publicOrigin, type Env } from "../../app/utils/env.server";
import { fakeStripe } from "./stripe";

export function startFakeStripe(env: Env): { router: Router } {
  if (!env.STRIPE_SECRET_KEY?.startsWith("sk_test_fake_") || !env.STRIPE_WEBHOOK_SECRET) {
    throw new Error("STRIPE_FAKE needs STRIPE_SECRET_KEY=sk_test_fake_… and STRIPE_WEBHOOK_SECRET");
  }
  const origin = publicOrigin(undefined, env);
  const secret = env.STRIPE_WEBHOOK_SECRET;
  const deliver = async (event: Stripe.Event) => {
    const { payload, header } = fake.sign(event, secret);
    const response = await fetch(`${origin}/webhooks/stripe`, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": header } });
    if (!response.ok) console.error(`fake Stripe: webhook ${event.type} answered ${response.status}`);
  };
  const fake = fakeStripe({
    checkoutPageBase: `${origin}/__stripe/checkout`,
    onEvent: (event) => setTimeout(() => void deliver(event).catch((e: Error) => console.error(`fake Stripe: ${e.message}`)), 50),
  });
  setupServer(...fake.handlers).listen({ onUnhandledRequest: "bypass" });

  const router = express.Router();
  router.use("/__stripe", express.urlencoded({ extended: false }));
  router.get("/__stripe/checkout/:id", (req, res) => {
    const session = fake.sessions.get(req.params.id);
    if (!session) return void res.status(404).send("No such checkout session");
    const amount = new Intl.NumberFormat("vi-VN", { style: "currency", currency: "VND" }).format(session.amount_total ?? 0);
    res.type("html").send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe Checkout</title>
<meta name="viewport" content="width=device-width"><link rel="icon" href="data:,"></head><body>
<h1>Fake Stripe Checkout (test mode)</h1>
<p>Status: <strong id="status">${session.status}</strong></p>
<p>Pay <strong id="amount">${amount}</strong></p>
${session.status === "open" ? `<form method="post" action="/__stripe/checkout/${session.id}/pay"><button type="submit">Pay</button></form>
<form method="post" action="/__stripe/checkout/${session.id}/decline"><button type="submit">Use a card that is declined</button></form>` : ""}
<p><a href="${session.cancel_url}">Back</a></p></body></html>`);
  });
  router.post("/__stripe/checkout/:id/pay", (req, res) => {
    const session = fake.sessions.get(req.params.id);
    if (session?.status !== "open") return void res.status(400).send("This session is not open");
    fake.complete(session.id);
    res.redirect(303, String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id));
  });
  router.post("/__stripe/checkout/:id/decline", (req, res) => {
    const session = fake.sessions.get(req.params.id);
    if (session?.status !== "open") return void res.status(400).send("This session is not open");
    fake.fail(session.id);
    res.redirect(303, `/__stripe/checkout/${session.id}`);
  });
  router.post("/__stripe/sessions/:id/expire", (req, res) => {
    const session = fake.sessions.get(req.params.id);
    if (session?.status !== "open") return void res.status(400).json({ error: "not open" });
    fake.expire(session.id);
    res.json({ expired: session.id });
  });
  console.warn("STRIPE_FAKE: Stripe's API is answered by tests/handlers/stripe.ts in this process. Never use this in production.");
  return { router };
}
