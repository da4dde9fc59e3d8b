/**
 * The order page's loader as the server calls it, on real PostgreSQL: a
 * net-terms purchase shows the transfer details once it is owed, not while
 * it still waits for the company's approver (it may never be bought).
 */
import { describe, expect, it } from "vitest";
import { addMember, createCompany } from "../company-factories";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../factories";
import { addToCart } from "~/models/cart.server";
import { setApprovalThreshold } from "~/models/company.server";
import { createListing } from "~/models/listing.server";
import { grantTerms, verifyCompany } from "~/models/terms.server";
import { startSession } from "~/utils/session.server";
import { loader } from "~/routes/orders.$id";

const cookieOf = async (userId: number) => (await startSession(userId)).split(";")[0];

async function pageOf(orderId: number, userId: number) {
  const request = new Request(`http://x/orders/${orderId}`, { headers: { cookie: await cookieOf(userId) } });
  return loader({ request, params: { id: String(orderId) }, context: {} });
}

describe("a net-terms order's page", () => {
  it("shows the transfer details once owed, not while the purchase awaits approval", async () => {
    const ops = as(await createAccount(["operator"]), ["operator"]);
    const company = await createCompany();
    await verifyCompany(ops, company.id);
    await grantTerms(ops, { companyId: company.id, days: 30, limitVnd: 50_000_000, version: 0 });
    await setApprovalThreshold(as(company.owner), company.id, 1_000_000);
    const buyer = await addMember(company.id, "buyer");
    await addMember(company.id, "approver");
    const farmer = await createFarmer();
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "100000", stock: "1000", minOrderQty: "1" }));
    const buy = async (kg: number) => {
      await addToCart(buyer.id, listingId, kg);
      const result = await checkoutCart(buyer.id, { paymentMethod: "net_terms", company: { id: company.id, poNumber: null } });
      if (!result.ok) throw new Error(`checkout refused: ${JSON.stringify(result)}`);
      return result.orderIds[0];
    };
    const owed = await pageOf(await buy(2), buyer.id);
    expect(owed.order.status).toBe("placed");
    expect(owed.payment).not.toBeNull();
    const waiting = await pageOf(await buy(20), buyer.id);
    expect(waiting.order.status).toBe("awaiting_approval");
    expect(waiting.payment).toBeNull();
  });
});
