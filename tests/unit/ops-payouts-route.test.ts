/**
 * The operators' payouts page speaks to operators, in their language: the
 * refusal of a payout above a farm's balance shows the balance formatted for
 * the page's language, and amounts are read the ways people write them.
 */
import { describe, expect, it } from "vitest";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../factories";
import { addToCart } from "~/models/cart.server";
import { farmBalance } from "~/models/ledger.server";
import { createListing } from "~/models/listing.server";
import { markOrderPaid, transitionOrder } from "~/models/orders/moves.server";
import { i18nFor } from "~/utils/i18n.server";
import { localeCookie } from "~/utils/locale.server";
import { startSession } from "~/utils/session.server";
import { action } from "~/routes/ops.payouts";

/** A farm whose balance is 1.520.000 ₫: 40 kg at 40.000 ₫ paid by transfer and completed, less the 5% fee. */
async function farmWithBalance() {
  const farmer = await createFarmer();
  const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
  const buyer = await createAccount(["consumer"]);
  await addToCart(buyer.id, listingId, 40);
  const placed = await checkoutCart(buyer.id, { paymentMethod: "bank_transfer", holdMinutes: 30 });
  if (!placed.ok) throw new Error("checkout refused");
  const [orderId] = placed.orderIds;
  const operator = await createAccount(["operator"]);
  expect((await markOrderPaid(orderId, as(operator))).ok).toBe(true);
  for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
  expect((await transitionOrder(orderId, "complete", as(buyer))).ok).toBe(true);
  expect(await farmBalance(farmer.farm.id)).toBe(1_520_000);
  return { farm: farmer.farm, operator };
}

async function post(cookie: string, fields: Record<string, string>) {
  const reply = await action({
    request: new Request("http://x/ops/payouts", { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }),
    params: {},
    context: {},
  });
  if (reply instanceof Response) return reply;
  return reply as { errors: Record<string, string[]> };
}

describe("a payout above the farm's balance", () => {
  it.each([
    ["en", "The amount is above the balance (₫1,520,000)."],
    ["vi", "Số tiền lớn hơn số dư (1.520.000\u00a0₫)."],
  ] as const)("is refused with the balance written the %s way", async (locale, message) => {
    const { farm, operator } = await farmWithBalance();
    const session = (await startSession(operator.id)).split(";")[0];
    const language = (await localeCookie.serialize(locale)).split(";")[0];
    const reply = await post(`${session}; ${language}`, { farmId: String(farm.id), amountVnd: "2.000.000", bankReference: "FT2611300001" });
    if (reply instanceof Response) throw new Error(`recorded: ${reply.status}`);
    const [error] = reply.errors.amountVnd;
    const bar = error.indexOf("|");
    expect(i18nFor(locale).t(error.slice(0, bar), { value: error.slice(bar + 1) })).toBe(message);
    expect(await farmBalance(farm.id)).toBe(1_520_000);
  });

  it("an amount written '1tr5' is recorded as 1.500.000 ₫", async () => {
    const { farm, operator } = await farmWithBalance();
    const session = (await startSession(operator.id)).split(";")[0];
    const reply = await post(session, { farmId: String(farm.id), amountVnd: "1tr5", bankReference: "FT2611300002" });
    expect(reply).toBeInstanceOf(Response);
    expect(await farmBalance(farm.id)).toBe(20_000);
  });
});

describe("words", () => {
  it("chục is ten, in English too", () => {
    expect(i18nFor("en").t("units.chuc")).toBe("chục (10)");
    expect(i18nFor("en").t("units.chucLong")).toBe("chục (10 pieces)");
    expect(i18nFor("vi").t("units.chucLong")).toBe("chục (10 quả)");
    for (const locale of ["en", "vi"] as const) expect(i18nFor(locale).t("units.chuc")).not.toMatch(/dozen|tá/i);
  });

  it("the operators' balance is the farm's, not 'yours'", () => {
    expect(i18nFor("en").t("opsPayouts.balance")).toBe("Balance the platform holds for the farm");
    expect(i18nFor("vi").t("opsPayouts.balance")).toBe("Số dư sàn đang giữ cho nhà vườn");
  });
});
