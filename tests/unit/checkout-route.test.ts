/**
 * The checkout route when Stripe is not configured: no card option, and a
 * forged card post is refused on its field, with the cart kept.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { as, createAccount, createFarmer, HANOI_ADDRESS, listingInput } from "../factories";
import { addToCart, cartItemsOf } from "~/models/cart.server";
import { createListing } from "~/models/listing.server";
import { startSession } from "~/utils/session.server";
import { action, loader } from "~/routes/checkout";

delete process.env.STRIPE_SECRET_KEY;
delete process.env.STRIPE_WEBHOOK_SECRET;

async function signedIn() {
  const farmer = await createFarmer();
  const buyer = await createAccount(["consumer"]);
  const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "30000", stock: "50", minOrderQty: "1" }));
  await addToCart(buyer.id, id, 2);
  const cookie = (await startSession(buyer.id)).split(";")[0];
  return { buyer, cookie };
}

describe("checkout without Stripe configured", () => {
  it("offers cash and bank transfer only", async () => {
    const { cookie } = await signedIn();
    const data = await loader({ request: new Request("http://x/checkout", { headers: { cookie } }), params: {}, context: {} });
    expect(data.methods).toEqual(["cod", "bank_transfer"]);
  });

  it("refuses a forged card post on the payment field, keeping the cart", async () => {
    const { buyer, cookie } = await signedIn();
    const body = new URLSearchParams({ checkoutKey: randomUUID(), ...HANOI_ADDRESS, phone: "0912345678", paymentMethod: "card" });
    const response = await action({ request: new Request("http://x/checkout", { method: "POST", body, headers: { cookie } }), params: {}, context: {} });
    expect(response).not.toBeInstanceOf(Response);
    const result = (response as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result;
    expect(result.error).toEqual({ paymentMethod: ["errors.payment.cardUnavailable"] });
    expect(result.initialValue).toMatchObject({ recipient: HANOI_ADDRESS.recipient, street: HANOI_ADDRESS.street });
    expect(await cartItemsOf(buyer.id)).toHaveLength(1);
  });
});
