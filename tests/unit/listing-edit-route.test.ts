/**
 * The listing edit route with a form opened before the listing changed: the
 * revision hidden fields, what comes back when they are stale, missing or
 * tampered with (a form error, never a 500), and a typo reply that must not
 * move the form to a newer version than the values it holds.
 */
import { describe, expect, it } from "vitest";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../factories";
import { addToCart } from "~/models/cart.server";
import { createListing, getFarmListing } from "~/models/listing.server";
import type { ListingFormReply } from "~/utils/listing-form.server";
import { startSession } from "~/utils/session.server";
import { action, loader } from "~/routes/sell.listings.$id.edit";

const FIELDS = { title: "Cà chua bi Đà Lạt", categorySlug: "rau-qua", unit: "kg", priceVnd: "35000", stock: "10", minOrderQty: "1", intent: "publish" };

async function setUp() {
  const farmer = await createFarmer();
  const { id } = await createListing(as(farmer), farmer.farm.id, listingInput(FIELDS));
  const cookie = (await startSession(farmer.id)).split(";")[0];
  const url = `http://x/sell/listings/${id}/edit`;
  const open = async () => {
    const data = await loader({ request: new Request(url, { headers: { cookie } }), params: { id: String(id) }, context: {} });
    return data.revision;
  };
  const post = async (fields: Record<string, string>) => {
    const response = await action({
      request: new Request(url, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }),
      params: { id: String(id) },
      context: {},
    });
    return response as Response | Extract<ListingFormReply, { status: "invalid" }>;
  };
  const sell = async (quantity: number) => {
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, id, quantity);
    expect((await checkoutCart(buyer.id)).ok).toBe(true);
  };
  return { farmer, id, open, post, sell };
}

describe("saving the listing edit form", () => {
  it("another farmer's post is 'not found', even an invalid one, and tells nothing of the listing", async () => {
    const { id } = await setUp();
    const other = await createFarmer();
    const cookie = (await startSession(other.id)).split(";")[0];
    const posted = action({
      request: new Request(`http://x/sell/listings/${id}/edit`, { method: "POST", body: new URLSearchParams({ title: "" }), headers: { cookie } }),
      params: { id: String(id) },
      context: {},
    });
    await expect(posted).rejects.toMatchObject({ status: 404 });
  });

  it("saves a current form and redirects", async () => {
    const { farmer, id, open, post } = await setUp();
    const revision = await open();
    const response = await post({ ...FIELDS, priceVnd: "36000", ...revision });
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((await getFarmListing(farmer.farm.id, id))?.priceVnd).toBe(36000);
  });

  it("a form opened before a sale: nothing saved, the farmer's price kept, the stock field shows what is left", async () => {
    const { farmer, id, open, post, sell } = await setUp();
    const revision = await open();
    await sell(4);
    const reply = await post({ ...FIELDS, priceVnd: "38.000", description: "Hái sáng nay", ...revision });
    expect(reply).not.toBeInstanceOf(Response);
    if (reply instanceof Response) return;
    expect(reply.stale?.changes).toEqual([{ field: "stock", from: 10, to: 6, yours: false }]);
    expect(reply.result.initialValue).toMatchObject({ stock: "6", priceVnd: "38.000", description: "Hái sáng nay" });
    const now = (await getFarmListing(farmer.farm.id, id))!;
    expect(now).toMatchObject({ stock: 6, priceVnd: 35000, description: "" });
    expect(reply.revision?.version).toBe(String(now.version));
    // The form as it came back, submitted again: saved, no sold unit back on sale.
    const again = await post({ ...FIELDS, priceVnd: "38.000", description: "Hái sáng nay", stock: "6", ...reply.revision! });
    expect(again).toBeInstanceOf(Response);
    expect(await getFarmListing(farmer.farm.id, id)).toMatchObject({ stock: 6, priceVnd: 38000, description: "Hái sáng nay" });
  });

  it("a typo after a sale keeps the revision the form was posted with, so the corrected form is still stale", async () => {
    const { farmer, id, open, post, sell } = await setUp();
    const revision = await open();
    await sell(4);
    const typo = await post({ ...FIELDS, priceVnd: "ba mươi", ...revision });
    if (typo instanceof Response) throw new Error("a typo was saved");
    expect(typo.result.error).toMatchObject({ priceVnd: ["errors.price.notNumber"] });
    expect(typo.revision).toEqual(revision);
    const corrected = await post({ ...FIELDS, priceVnd: "30000", ...typo.revision! });
    expect(corrected).not.toBeInstanceOf(Response);
    expect((await getFarmListing(farmer.farm.id, id))?.stock).toBe(6);
  });

  it.each([
    ["without its hidden fields", {}],
    ["with a version that is not a number", { version: "abc" }],
    ["with a version far out of range", { version: "99999999999" }],
    ["with a version from the future and no snapshot", { version: "999", shown: "" }],
  ])("a form %s: refused with a visible error, typed values kept, stock as it is now", async (_, hidden) => {
    const { farmer, id, post, sell } = await setUp();
    await sell(3);
    const reply = await post({ ...FIELDS, priceVnd: "36000", ...hidden });
    expect(reply).not.toBeInstanceOf(Response);
    if (reply instanceof Response) return;
    expect(reply.stale?.unknownOrigin).toBe(true);
    expect(reply.result.initialValue).toMatchObject({ priceVnd: "36000", stock: "7" });
    expect(await getFarmListing(farmer.farm.id, id)).toMatchObject({ stock: 7, priceVnd: 35000 });
  });

  it("a tampered snapshot with the current version saves: the version decides, the snapshot only explains", async () => {
    const { farmer, id, open, post } = await setUp();
    const revision = await open();
    const response = await post({ ...FIELDS, stock: "12", version: revision.version, shown: "{not json" });
    expect(response).toBeInstanceOf(Response);
    expect((await getFarmListing(farmer.farm.id, id))?.stock).toBe(12);
  });
});
