/**
 * Stripe at the network edge, for tests: MSW request handlers that answer as
 * Stripe's API reference documents it for API version 2026-10-28.endive
 * (the version stripe-node 23.1 pins): form-encoded requests with bracketed
 * keys, `Authorization: Bearer sk_test_…`, `Idempotency-Key` replays (same
 * key and parameters → the first response, header `Idempotent-Replayed`;
 * other parameters → 400 `idempotency_error`), errors as
 * `{ error: { type, code, message, param } }`. Objects: checkout.session,
 * payment_intent, charge, refund (created, retrieved, listed by payment
 * intent; refused on demand; made "in the dashboard"), event. It keeps state, so a test can
 * complete, fail or expire a session the way Stripe's hosted page would and
 * receive the events Stripe would send, signed with the SDK's own helper.
 */
import { randomBytes } from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";
import qs from "qs";
import Stripe from "stripe";

import { STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./stripe-keys";

export { STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "./stripe-keys";
const API = "https://api.stripe.com/v1";
const API_VERSION = "2026-10-28.endive";

type Params = Record<string, unknown>;
type Session = Stripe.Checkout.Session;
export type StripeRequest = { method: string; path: string; params: Params; idempotencyKey: string | null; stripeVersion: string | null };

export type FakeStripe = {
  handlers: HttpHandler[];
  sessions: Map<string, Session>;
  refunds: Map<string, Stripe.Refund>;
  requests: StripeRequest[];
  /** Every event Stripe would have sent, in order. */
  events: Stripe.Event[];
  /** When set, every API request fails at the network level (Stripe unreachable). */
  down: boolean;
  /** What a new refund's status is: card refunds usually succeed at once; some stay pending until Stripe's webhook. */
  refundStatus: "succeeded" | "pending";
  /** When set, Stripe refuses every new refund with this error (e.g. a disputed charge), as a 400. */
  refuseRefunds: { code: string; message: string } | null;
  /** The buyer pays on the hosted page: the session completes. */
  complete(sessionId: string): Stripe.Event;
  /** The buyer's card is declined: the session stays open. */
  fail(sessionId: string, message?: string): Stripe.Event;
  /** The session's time runs out unpaid. */
  expire(sessionId: string): Stripe.Event;
  /** A pending refund goes through or fails at the bank (Stripe then sends charge.refunded or charge.refund.updated). */
  settleRefund(refundId: string, status: "succeeded" | "failed"): Stripe.Event;
  /** Someone refunds part of a payment in Stripe's dashboard (no metadata of ours); Stripe sends charge.refunded. */
  dashboardRefund(paymentIntentId: string, amount: number): Stripe.Event;
  /** A payload and Stripe-Signature header as Stripe would deliver `event`. */
  sign(event: Stripe.Event, secret?: string): { payload: string; header: string };
};

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

function stripeError(status: number, type: string, message: string, param?: string, code?: string) {
  return HttpResponse.json({ error: { type, message, ...(param ? { param } : {}), ...(code ? { code } : {}) } }, { status });
}

export function fakeStripe(options: { checkoutPageBase?: string; onEvent?: (event: Stripe.Event) => void } = {}): FakeStripe {
  const pageBase = options.checkoutPageBase ?? "https://checkout.stripe.com/c/pay";
  const intents = new Map<string, Stripe.PaymentIntent>();
  const charges = new Map<string, Stripe.Charge>();
  const idempotent = new Map<string, { params: string; body: unknown; status: number }>();
  const signer = new Stripe(STRIPE_TEST_KEY);

  const state: FakeStripe = {
    handlers: [],
    sessions: new Map(),
    refunds: new Map(),
    requests: [],
    events: [],
    down: false,
    refundStatus: "succeeded",
    refuseRefunds: null,
    complete: (sessionId) => {
      const session = mustOpen(sessionId);
      const intent = makeIntent(session, "succeeded");
      const charge = {
        id: id("ch"),
        object: "charge",
        amount: intent.amount,
        amount_captured: intent.amount,
        amount_refunded: 0,
        captured: true,
        currency: "vnd",
        paid: true,
        payment_intent: intent.id,
        refunded: false,
        status: "succeeded",
        metadata: {},
        created: now(),
        livemode: false,
      } as unknown as Stripe.Charge;
      charges.set(charge.id, charge);
      intent.latest_charge = charge.id;
      Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: intent.id, url: null });
      return emit("checkout.session.completed", session);
    },
    fail: (sessionId, message = "Your card was declined.") => {
      const session = mustOpen(sessionId);
      const intent = makeIntent(session, "requires_payment_method");
      intent.last_payment_error = { type: "card_error", code: "card_declined", decline_code: "generic_decline", message } as Stripe.PaymentIntent.LastPaymentError;
      return emit("payment_intent.payment_failed", intent);
    },
    expire: (sessionId) => {
      const session = mustOpen(sessionId);
      Object.assign(session, { status: "expired", url: null });
      return emit("checkout.session.expired", session);
    },
    settleRefund: (refundId, status) => {
      const refund = state.refunds.get(refundId);
      if (refund?.status !== "pending") throw new Error(`fake Stripe: refund ${refundId} is not pending`);
      refund.status = status;
      const charge = charges.get(String(refund.charge))!;
      if (status === "failed") {
        refund.failure_reason = "expired_or_canceled_card";
        charge.amount_refunded -= refund.amount;
        charge.refunded = false;
        return emit("charge.refund.updated", refund);
      }
      return emit("charge.refunded", charge);
    },
    dashboardRefund: (paymentIntentId, amount) => {
      const intent = intents.get(paymentIntentId);
      const charge = charges.get(String(intent?.latest_charge));
      if (!charge) throw new Error(`fake Stripe: no charge for ${paymentIntentId}`);
      const refund = newRefund(charge, amount, {}, "succeeded", null);
      state.refunds.set(refund.id, refund);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      return emit("charge.refunded", charge);
    },
    sign: (event, secret = STRIPE_TEST_WEBHOOK_SECRET) => {
      const payload = JSON.stringify(event, null, 2);
      return { payload, header: signer.webhooks.generateTestHeaderString({ payload, secret }) };
    },
  };

  function mustOpen(sessionId: string): Session {
    const session = state.sessions.get(sessionId);
    if (!session || session.status !== "open") throw new Error(`fake Stripe: session ${sessionId} is not open`);
    return session;
  }

  function makeIntent(session: Session, status: Stripe.PaymentIntent.Status): Stripe.PaymentIntent {
    const intent = {
      id: id("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      amount_received: status === "succeeded" ? session.amount_total : 0,
      currency: "vnd",
      status,
      metadata: { ...(session.metadata ?? {}) },
      latest_charge: null,
      last_payment_error: null,
      created: now(),
      livemode: false,
    } as unknown as Stripe.PaymentIntent;
    intents.set(intent.id, intent);
    return intent;
  }

  function emit(type: string, object: unknown): Stripe.Event {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: API_VERSION,
      created: now(),
      // A snapshot: later changes to the object do not change a sent event.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    state.events.push(event);
    options.onEvent?.(event);
    return event;
  }

  /** Records the request, checks the key, and replays idempotent POSTs. */
  async function handle(request: Request, path: string, answer: (params: Params) => Response | Promise<Response>) {
    if (state.down) return HttpResponse.error();
    const params = request.method === "GET" ? qs.parse(new URL(request.url).search.slice(1)) : qs.parse(await request.text());
    const idempotencyKey = request.headers.get("idempotency-key");
    state.requests.push({ method: request.method, path, params, idempotencyKey, stripeVersion: request.headers.get("stripe-version") });
    if (!request.headers.get("authorization")?.startsWith("Bearer sk_test_")) {
      return stripeError(401, "invalid_request_error", "Invalid API Key provided.");
    }
    if (request.method === "POST" && idempotencyKey) {
      const seen = idempotent.get(idempotencyKey);
      const fingerprint = JSON.stringify(params);
      if (seen && seen.params !== fingerprint) {
        return stripeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
      }
      if (seen) return HttpResponse.json(seen.body as Record<string, unknown>, { status: seen.status, headers: { "Idempotent-Replayed": "true" } });
      const response = await answer(params);
      // Stripe keeps no result for a request that failed validation.
      if (response.status < 400) idempotent.set(idempotencyKey, { params: fingerprint, body: await response.clone().json(), status: response.status });
      return response;
    }
    return answer(params);
  }

  function createSession(p: Params): Response {
    const lines = (p.line_items as Params[] | undefined) ?? [];
    if (p.mode !== "payment") return stripeError(400, "invalid_request_error", "Missing required param: mode.", "mode");
    if (!lines.length) return stripeError(400, "invalid_request_error", "line_items is required in payment mode.", "line_items");
    let total = 0;
    for (const [i, line] of lines.entries()) {
      const price = line.price_data as Params | undefined;
      const amount = Number(price?.unit_amount);
      const quantity = Number(line.quantity);
      if (price?.currency !== "vnd") return stripeError(400, "invalid_request_error", "Currency must be vnd here.", `line_items[${i}][price_data][currency]`);
      if (!Number.isInteger(amount) || amount < 1) return stripeError(400, "invalid_request_error", "Invalid integer.", `line_items[${i}][price_data][unit_amount]`);
      if (!Number.isInteger(quantity) || quantity < 1) return stripeError(400, "invalid_request_error", "Invalid integer.", `line_items[${i}][quantity]`);
      if (!(price.product_data as Params | undefined)?.name) return stripeError(400, "invalid_request_error", "Missing required param: name.", `line_items[${i}][price_data][product_data][name]`);
      total += amount * quantity;
    }
    if (total > 99_999_999) return stripeError(400, "invalid_request_error", "Amount must be no more than ₫99,999,999.", "line_items", "amount_too_large");
    const expiresAt = Number(p.expires_at ?? now() + 24 * 3600);
    if (expiresAt < now() + 30 * 60 - 5 || expiresAt > now() + 24 * 3600) {
      return stripeError(400, "invalid_request_error", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
    }
    const sessionId = id("cs");
    const session = {
      id: sessionId,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      created: now(),
      currency: "vnd",
      customer_email: p.customer_email ?? null,
      expires_at: expiresAt,
      livemode: false,
      locale: p.locale ?? null,
      metadata: (p.metadata as Record<string, string>) ?? {},
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      success_url: p.success_url ?? null,
      url: `${pageBase}/${sessionId}`,
    } as unknown as Session;
    state.sessions.set(sessionId, session);
    return HttpResponse.json(session);
  }

  function newRefund(charge: Stripe.Charge, amount: number, metadata: Record<string, string>, status: string, reason: string | null): Stripe.Refund {
    return {
      id: id("re"),
      object: "refund",
      amount,
      charge: charge.id,
      currency: "vnd",
      created: now(),
      metadata,
      payment_intent: charge.payment_intent,
      reason,
      status,
    } as unknown as Stripe.Refund;
  }

  function createRefund(p: Params): Response {
    const intent = intents.get(String(p.payment_intent));
    if (!intent) return stripeError(404, "invalid_request_error", `No such payment_intent: '${p.payment_intent}'`, "payment_intent", "resource_missing");
    const charge = charges.get(String(intent.latest_charge));
    if (!charge) return stripeError(400, "invalid_request_error", "This PaymentIntent does not have a successful charge to refund.", "payment_intent");
    const amount = p.amount === undefined ? charge.amount - charge.amount_refunded : Number(p.amount);
    if (amount > charge.amount - charge.amount_refunded) {
      return stripeError(400, "invalid_request_error", `Refund amount (₫${amount}) is greater than unrefunded amount on charge (₫${charge.amount - charge.amount_refunded})`, "amount", "amount_too_large");
    }
    if (state.refuseRefunds) return stripeError(400, "invalid_request_error", state.refuseRefunds.message, undefined, state.refuseRefunds.code);
    const refund = newRefund(charge, amount, (p.metadata as Record<string, string>) ?? {}, state.refundStatus, (p.reason as string) ?? null);
    state.refunds.set(refund.id, refund);
    // The charge counts a pending refund as refunded (as Stripe's does); the event comes when it succeeds.
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    if (refund.status === "succeeded") emit("charge.refunded", charge);
    return HttpResponse.json(refund);
  }

  state.handlers = [
    http.post(`${API}/checkout/sessions`, ({ request }) => handle(request, "/v1/checkout/sessions", createSession)),
    http.get(`${API}/checkout/sessions/:id`, ({ request, params }) =>
      handle(request, `/v1/checkout/sessions/${params.id}`, () => {
        const session = state.sessions.get(String(params.id));
        return session ? HttpResponse.json(session) : stripeError(404, "invalid_request_error", `No such checkout.session: '${params.id}'`, "id", "resource_missing");
      }),
    ),
    http.post(`${API}/checkout/sessions/:id/expire`, ({ request, params }) =>
      handle(request, `/v1/checkout/sessions/${params.id}/expire`, () => {
        const session = state.sessions.get(String(params.id));
        if (!session) return stripeError(404, "invalid_request_error", `No such checkout.session: '${params.id}'`, "id", "resource_missing");
        if (session.status !== "open") return stripeError(400, "invalid_request_error", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
        state.expire(session.id);
        return HttpResponse.json(session);
      }),
    ),
    http.post(`${API}/refunds`, ({ request }) => handle(request, "/v1/refunds", createRefund)),
    http.get(`${API}/refunds`, ({ request }) =>
      handle(request, "/v1/refunds", (p) => {
        const data = [...state.refunds.values()].filter((r) => !p.payment_intent || r.payment_intent === p.payment_intent).reverse();
        return HttpResponse.json({ object: "list", data, has_more: false, url: "/v1/refunds" });
      }),
    ),
    http.get(`${API}/refunds/:id`, ({ request, params }) =>
      handle(request, `/v1/refunds/${params.id}`, () => {
        const refund = state.refunds.get(String(params.id));
        return refund ? HttpResponse.json(refund) : stripeError(404, "invalid_request_error", `No such refund: '${params.id}'`, "id", "resource_missing");
      }),
    ),
  ];
  return state;
}
