/**
 * The /ops workspace's "transfers to record" on real PostgreSQL: exactly the
 * orders an operator may record as paid (moves.server.ts transferMayBeRecorded)
 * — net-terms orders too, a bank-transfer purchase still awaiting its
 * company's approval not.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { orders } from "../../db/schema";
import { addMember, createCompany } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { addToCart } from "./cart.server";
import { setApprovalThreshold } from "./company.server";
import { createListing } from "./listing.server";
import { workspaceCounts } from "./ops-workspace.server";
import { transferMayBeRecorded } from "./orders/moves.server";
import { grantTerms, verifyCompany } from "./terms.server";

describe("transfers to record", () => {
  it("counts the orders whose transfer may be recorded: net terms in, purchases awaiting approval out", async () => {
    const ops = as(await createAccount(["operator"]), ["operator"]);
    const company = await createCompany();
    await verifyCompany(ops, company.id);
    await grantTerms(ops, { companyId: company.id, days: 30, limitVnd: 50_000_000, version: 0 });
    await setApprovalThreshold(as(company.owner), company.id, 1_000_000);
    const buyer = await addMember(company.id, "buyer");
    await addMember(company.id, "approver");
    const farmer = await createFarmer();
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "100000", stock: "1000", minOrderQty: "1" }));
    const buy = async (kg: number, paymentMethod: "net_terms" | "bank_transfer") => {
      await addToCart(buyer.id, listingId, kg);
      const result = await checkoutCart(buyer.id, { paymentMethod, company: { id: company.id, poNumber: null } });
      if (!result.ok) throw new Error(`checkout refused: ${JSON.stringify(result)}`);
      return result.orderIds[0];
    };
    const onTerms = await buy(2, "net_terms");
    const awaitingApproval = await buy(20, "bank_transfer");
    const byTransfer = await buy(3, "bank_transfer");

    const all = await db().select({ id: orders.id, status: orders.status, paymentStatus: orders.paymentStatus, paymentMethod: orders.paymentMethod }).from(orders);
    expect(all.find((o) => o.id === awaitingApproval)?.status).toBe("awaiting_approval");
    const recordable = all.filter(transferMayBeRecorded).map((o) => o.id);
    expect(recordable).toEqual([onTerms, byTransfer]);
    expect((await workspaceCounts(ops)).transfers).toEqual({
      count: 2,
      orders: [onTerms, byTransfer].map((id) => ({ id, number: expect.any(String) })),
    });
  });
});
