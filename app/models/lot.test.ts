/**
 * Lots on real PostgreSQL (issue 14, decision 042): recording a lot and its
 * inputs, the pre-harvest interval refused with its reason (when the harvest
 * is saved and when a spray is added), stale edits, another farm's lot (not
 * found, nothing changed), listings pointing to a lot of their own farm only,
 * checkout copying the lot onto order lines (cart and quoted orders), the
 * public page counting scans and its journey, GS1 Digital Link resolution.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, lotInputs, lots, orderItems } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, HANOI_ADDRESS, listingInput } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import { lotInputSchema, lotSchema } from "~/validation/lot";
import { addToCart } from "./cart.server";
import { createListing, getFarmListing } from "./listing.server";
import { addLotInput, createLot, getFarmLot, LOT_CODE, lotCodeForGtin, lotUrl, PhiRefusal, updateLot, visitLot } from "./lot.server";
import { placeQuotedOrders } from "./orders/checkout.server";
import { transitionOrder } from "./orders/moves.server";

const lot = (fields: Record<string, unknown> = {}) => lotSchema.parse({ product: "Xoài cát Hòa Lộc", plot: "Thửa số 3", sownOn: "2026-03-01", ...fields });
const spray = (appliedOn: string, activeIngredient = "abamectin") => lotInputSchema.parse({ kind: "pesticide", name: "Vertimec 1.8EC", activeIngredient, amount: "10 ml/bình", appliedOn });

async function refusalOf(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

async function lotRow(id: number) {
  const [row] = await db().select().from(lots).where(eq(lots.id, id));
  return row;
}

describe("lots", () => {
  it("records a lot with an unguessable code, its inputs oldest first, and audit events", async () => {
    const farmer = await createFarmer();
    const made = await createLot(as(farmer), farmer.farm.id, lot({ gtin: "8934567000017", certifications: ["vietgap"] }));
    expect(made.code).toMatch(LOT_CODE);
    await addLotInput(as(farmer), farmer.farm.id, made.id, spray("2026-05-10"));
    await addLotInput(as(farmer), farmer.farm.id, made.id, lotInputSchema.parse({ kind: "fertiliser", name: "NPK 16-16-8", amount: "2 kg/gốc", appliedOn: "2026-04-01" }));
    const detail = await getFarmLot(farmer.farm.id, made.id);
    expect(detail).toMatchObject({ product: "Xoài cát Hòa Lộc", gtin: "08934567000017", certifications: ["vietgap"], scans: 0 });
    expect(detail?.inputs.map((i) => [i.appliedOn, i.kind, i.activeIngredient])).toEqual([
      ["2026-04-01", "fertiliser", null],
      ["2026-05-10", "pesticide", "abamectin"],
    ]);
    const events = await db().select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.subjectType, "lot"), eq(auditEvents.subjectId, String(made.id))));
    expect(events.map((e) => e.action).sort()).toEqual(["lot.create", "lot.input", "lot.input"]);
  });

  it("refuses a harvest inside the interval of the last spray, with the reason, and saves it once the interval has passed", async () => {
    const farmer = await createFarmer();
    const { id } = await createLot(as(farmer), farmer.farm.id, lot());
    await addLotInput(as(farmer), farmer.farm.id, id, spray("2026-06-01", "mancozeb"));
    await addLotInput(as(farmer), farmer.farm.id, id, spray("2026-06-05", "abamectin"));
    const version = (await getFarmLot(farmer.farm.id, id))!.version;
    const error = await refusalOf(updateLot(as(farmer), farmer.farm.id, id, lot({ harvestedOn: "2026-06-10" }), version));
    expect(error).toBeInstanceOf(PhiRefusal);
    expect((error as PhiRefusal).violation).toEqual({ activeIngredient: "abamectin", name: "Abamectin", appliedOn: "2026-06-05", days: 7, earliest: "2026-06-13" });
    expect(error.field).toBe("harvestedOn");
    expect((await lotRow(id)).harvestedOn).toBeNull();
    expect(await updateLot(as(farmer), farmer.farm.id, id, lot({ harvestedOn: "2026-06-13" }), version)).toEqual({ ok: true });
    expect((await lotRow(id)).harvestedOn).toBe("2026-06-13");
  });

  it("refuses a spray recorded late that would put the harvest already saved inside its interval", async () => {
    const farmer = await createFarmer();
    const { id } = await createLot(as(farmer), farmer.farm.id, lot({ harvestedOn: "2026-07-20" }));
    const error = await refusalOf(addLotInput(as(farmer), farmer.farm.id, id, spray("2026-07-15", "glyphosate")));
    expect((error as PhiRefusal).violation).toMatchObject({ activeIngredient: "glyphosate", days: 14, earliest: "2026-07-30" });
    expect(error.field).toBe("appliedOn");
    expect(await db().select().from(lotInputs).where(eq(lotInputs.lotId, id))).toEqual([]);
    // A spray after the harvest concerns the next one.
    await addLotInput(as(farmer), farmer.farm.id, id, spray("2026-07-21", "glyphosate"));
  });

  it("refuses an edit against an older version (an input was recorded meanwhile); a scan is no edit", async () => {
    const farmer = await createFarmer();
    const made = await createLot(as(farmer), farmer.farm.id, lot());
    const seen = (await getFarmLot(farmer.farm.id, made.id))!.version;
    await visitLot(made.code);
    expect((await lotRow(made.id)).version).toBe(seen);
    await addLotInput(as(farmer), farmer.farm.id, made.id, spray("2026-05-01"));
    const outcome = await updateLot(as(farmer), farmer.farm.id, made.id, lot({ product: "Xoài keo" }), seen);
    expect(outcome).toMatchObject({ ok: false, reason: "stale", current: { product: "Xoài cát Hòa Lộc" } });
    expect((await lotRow(made.id)).product).toBe("Xoài cát Hòa Lộc");
  });

  it("another farm's lot is not found, and nothing changes", async () => {
    const owner = await createFarmer();
    const stranger = await createFarmer();
    const { id } = await createLot(as(owner), owner.farm.id, lot());
    const before = await lotRow(id);
    expect(await getFarmLot(stranger.farm.id, id)).toBeNull();
    // Through the stranger's own farm: the lot is not there.
    expect(await updateLot(as(stranger), stranger.farm.id, id, lot({ product: "Chiếm" }), before.version)).toEqual({ ok: false, reason: "not_found" });
    expect((await refusalOf(addLotInput(as(stranger), stranger.farm.id, id, spray("2026-05-01")))).kind).toBe("not_found");
    // Naming the owner's farm: the policy says no.
    expect((await refusalOf(updateLot(as(stranger), owner.farm.id, id, lot({ product: "Chiếm" }), before.version))).kind).toBe("not_found");
    expect((await refusalOf(addLotInput(as(stranger), owner.farm.id, id, spray("2026-05-01")))).kind).toBe("not_found");
    expect(await lotRow(id)).toEqual(before);
    expect(await db().select().from(lotInputs).where(eq(lotInputs.lotId, id))).toEqual([]);
  });

  it("a listing points only to a lot of its own farm", async () => {
    const owner = await createFarmer();
    const stranger = await createFarmer();
    const { id: lotId } = await createLot(as(owner), owner.farm.id, lot());
    const error = await refusalOf(createListing(as(stranger), stranger.farm.id, listingInput({ lotId: String(lotId) })));
    expect(error).toMatchObject({ kind: "invalid", field: "lotId", code: "errors.lot.choose" });
    const listing = await createListing(as(owner), owner.farm.id, listingInput({ lotId: String(lotId) }));
    const { code } = (await getFarmLot(owner.farm.id, lotId))!;
    expect(await getFarmListing(owner.farm.id, listing.id)).toMatchObject({ lotId, lotCode: code });
  });
});

describe("a lot's journey", () => {
  it("checkout copies the listing's lot onto the order line; the public page counts scans and the journey, naming no buyer", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const made = await createLot(as(farmer), farmer.farm.id, lot({ harvestedOn: "2026-06-20" }));
    const listing = await createListing(as(farmer), farmer.farm.id, listingInput({ lotId: String(made.id), minOrderQty: "1" }));
    await addToCart(buyer.id, listing.id, 3);
    const result = await checkoutCart(buyer.id);
    if (!result.ok) throw new Error("checkout refused");
    const [line] = await db().select().from(orderItems).where(eq(orderItems.orderId, result.orderIds[0]));
    expect(line.lotId).toBe(made.id);

    const first = await visitLot(made.code);
    expect(first?.journey).toMatchObject({ harvestedOn: "2026-06-20", ordered: { count: 1 }, delivered: { count: 0, firstOn: null } });
    for (const move of ["accept", "pack", "ship", "deliver"] as const) {
      expect((await transitionOrder(result.orderIds[0], move, as(farmer))).ok).toBe(true);
    }
    const second = await visitLot(made.code);
    expect(second?.scans).toBe(2);
    expect(second?.journey.delivered.count).toBe(1);
    expect(second?.journey.delivered.firstOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(second)).not.toContain(buyer.phone);
    expect(JSON.stringify(second)).not.toContain(HANOI_ADDRESS.recipient);
    expect(JSON.stringify(second)).not.toContain(HANOI_ADDRESS.street);
    expect(await visitLot("AAAAAAAAAA")).toBeNull();
    expect(await visitLot("' or 1=1 --")).toBeNull();
  });

  it("quoted orders copy the lot too", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const made = await createLot(as(farmer), farmer.farm.id, lot());
    const listing = await createListing(as(farmer), farmer.farm.id, listingInput({ lotId: String(made.id) }));
    const placed = await db().transaction((tx) =>
      placeQuotedOrders(tx, {
        buyerId: buyer.id,
        companyId: null,
        address: HANOI_ADDRESS,
        paymentMethod: "cod",
        holdMinutes: 60,
        lines: [{ farmId: farmer.farm.id, farmOwnerId: farmer.id, listingId: listing.id, title: "Xoài", unit: "kg", quantity: 5, unitPriceVnd: 40000 }],
      }),
    );
    const [line] = await db().select().from(orderItems).where(eq(orderItems.orderId, placed[0].orderId));
    expect(line.lotId).toBe(made.id);
  });

  it("resolves GS1 Digital Link only for the lot's own GTIN, and builds the QR's URL", async () => {
    const farmer = await createFarmer();
    const withGtin = await createLot(as(farmer), farmer.farm.id, lot({ gtin: "8934567000017" }));
    const without = await createLot(as(farmer), farmer.farm.id, lot());
    expect(await lotCodeForGtin("08934567000017", withGtin.code)).toBe(withGtin.code);
    // As a GTIN-13 (the barcode's digits), padded to 14 as GS1 resolvers do.
    expect(await lotCodeForGtin("8934567000017", withGtin.code)).toBe(withGtin.code);
    expect(await lotCodeForGtin("8934567000018", withGtin.code)).toBeNull();
    expect(await lotCodeForGtin("08934567000024", withGtin.code)).toBeNull();
    expect(await lotCodeForGtin("08934567000017", without.code)).toBeNull();
    expect(lotUrl("https://nongsanso.vn", { code: withGtin.code, gtin: "08934567000017" })).toBe(`https://nongsanso.vn/01/08934567000017/10/${withGtin.code}`);
    expect(lotUrl("https://nongsanso.vn", { code: without.code, gtin: null })).toBe(`https://nongsanso.vn/t/${without.code}`);
  });
});
