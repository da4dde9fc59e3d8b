/**
 * The helper's workspace reads (helper-work.server.ts) against real
 * PostgreSQL: which households a helper works for, the one inbox and its
 * order, a household's card, the team figures.
 */
import { describe, expect, it } from "vitest";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { addHelper, createTeam, giveRole, grantConsent, onboardHousehold, removeHelper } from "../../tests/helpers-factories";
import { addToCart } from "./cart.server";
import { helperHouseholds, helperInbox, helperOrderStatus, householdCard, teamFigures } from "./helper-work.server";
import { changeListingState, createListing } from "./listing.server";
import { transitionOrder } from "./orders/moves.server";
import { farmRelation } from "~/policy/relations.server";

async function orderFrom(farmOwner: { id: number; farm: { id: number } }, options: { holdMinutes?: number; method?: "cod" | "bank_transfer" } = {}) {
  const listing = await createListing(as(farmOwner, ["farmer"]), farmOwner.farm.id, listingInput({ minOrderQty: "1" }));
  const buyer = await createAccount(["consumer"]);
  await addToCart(buyer.id, listing.id, 2);
  const result = await checkoutCart(buyer.id, { paymentMethod: options.method ?? "cod", holdMinutes: options.holdMinutes ?? 60 });
  if (!result.ok) throw new Error(`checkout: ${result.reason}`);
  return { id: result.orderIds[0], listingId: listing.id, buyer };
}

describe("the helper's households", () => {
  it("are the farms with a consent in force to a team the helper is in, within the scope asked", async () => {
    const team = await createTeam();
    const other = await createTeam("Tổ khác");
    const helper = await addHelper(team.id);
    const stranger = await addHelper(other.id);
    const both = await onboardHousehold(team.id, helper.id, { name: "Hộ Bà Hai" });
    const ordersOnly = await onboardHousehold(team.id, helper.id, { scopes: ["orders"], name: "Hộ Chú Ba" });
    await onboardHousehold(team.id, helper.id, { state: "withdrawn" });
    await onboardHousehold(team.id, helper.id, { state: "expired" });
    await onboardHousehold(team.id, helper.id, { state: "pending" });
    await onboardHousehold(other.id, stranger.id);

    const listings = await helperHouseholds(as(helper), "listings");
    expect(listings.map((h) => h.id)).toEqual([both.farm.id]);
    expect((await helperHouseholds(as(helper), "orders")).map((h) => h.id).sort()).toEqual([both.farm.id, ordersOnly.farm.id].sort());
    // The other team's helper sees none of them; a farmer sees none; a helper who left sees none.
    expect((await helperHouseholds(as(stranger), "listings")).map((h) => h.id)).not.toContain(both.farm.id);
    expect(await helperHouseholds(as(both, ["farmer"]), "listings")).toEqual([]);
    await removeHelper(team.id, helper.id);
    expect(await helperHouseholds(as(helper), "orders")).toEqual([]);
  });
});

describe("the policy's relation of a helper (farmRelation)", () => {
  it("holds for every household of the team, whatever the row ids (the consent's id is not the farm's)", async () => {
    const team = await createTeam();
    const helper = await addHelper(team.id);
    await createFarmer(); // farms and consents numbered apart
    const households = [await onboardHousehold(team.id, helper.id), await onboardHousehold(team.id, helper.id, { scopes: ["orders"] })];
    expect(households[0].consentId).not.toBe(households[0].farm.id);
    expect(await farmRelation(helper.id, households[0].farm.id)).toEqual({ role: "helper", scopes: ["listings", "orders"] });
    expect(await farmRelation(helper.id, households[1].farm.id)).toEqual({ role: "helper", scopes: ["orders"] });
  });
});

describe("the one inbox", () => {
  it("holds the waiting orders of the helper's households (scope 'orders'), new first, soonest to expire first, then oldest", async () => {
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const a = await onboardHousehold(team.id, helper.id, { name: "Hộ A" });
    const b = await onboardHousehold(team.id, helper.id, { name: "Hộ B" });
    const listingsOnly = await onboardHousehold(team.id, helper.id, { scopes: ["listings"], name: "Hộ C" });
    const stranger = await createFarmer("Vườn lạ");

    const codOld = await orderFrom(a);
    const transferLate = await orderFrom(b, { method: "bank_transfer", holdMinutes: 600 });
    const transferSoon = await orderFrom(a, { method: "bank_transfer", holdMinutes: 30 });
    const codNew = await orderFrom(b);
    const accepted = await orderFrom(a);
    expect(await transitionOrder(accepted.id, "accept", as(a, ["farmer"]))).toMatchObject({ ok: true });
    const declined = await orderFrom(b);
    expect(await transitionOrder(declined.id, "decline", as(b, ["farmer"]))).toMatchObject({ ok: true });
    const notMine = await orderFrom(listingsOnly);
    const strangers = await orderFrom(stranger);

    const inbox = await helperInbox(as(helper));
    expect(inbox.map((o) => o.id)).toEqual([transferSoon.id, transferLate.id, codOld.id, codNew.id, accepted.id]);
    expect(inbox[0]).toMatchObject({ household: { id: a.farm.id, name: "Hộ A" }, status: "placed", items: [{ title: "Cà chua bi Đà Lạt", quantity: 2, unit: "kg" }] });
    expect(inbox[0].totalVnd).toBeGreaterThan(0);
    expect(await helperOrderStatus(as(helper), codOld.id)).toBe("placed");
    expect(await helperOrderStatus(as(helper), notMine.id)).toBeNull();
    expect(await helperOrderStatus(as(helper), strangers.id)).toBeNull();
    // The other team's helper: an empty inbox.
    const otherHelper = await addHelper((await createTeam("Tổ khác")).id);
    expect(await helperInbox(as(otherHelper))).toEqual([]);
  });
});

describe("a household's card", () => {
  it("is for members of a team the household consented to (any scope), with the helper as the contact; null for anyone else", async () => {
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const household = await onboardHousehold(team.id, helper.id, { scopes: ["orders"], name: "Hộ Bà Tư" });
    const card = await householdCard(as(helper), household.farm.id);
    expect(card).toMatchObject({ farm: { name: "Hộ Bà Tư", slug: household.farm.slug }, helper: { displayName: helper.displayName } });
    expect(card?.helper.phone).toBeTruthy();
    expect(card?.farm.communeName).toBeTruthy();

    const otherHelper = await addHelper((await createTeam("Tổ khác")).id);
    expect(await householdCard(as(otherHelper), household.farm.id)).toBeNull();
    expect(await householdCard(as(household, ["farmer"]), household.farm.id)).toBeNull();
    const withdrawn = await onboardHousehold(team.id, helper.id, { state: "withdrawn" });
    expect(await householdCard(as(helper), withdrawn.farm.id)).toBeNull();
  });
});

describe("the team figures", () => {
  it("count per team and per helper: onboarded, with an active listing, with an order this month, listings and orders this week", async () => {
    const team = await createTeam("Tổ A");
    const other = await createTeam("Tổ B");
    const lan = await addHelper(team.id);
    const minh = await addHelper(team.id);
    const otherHelper = await addHelper(other.id);
    const h1 = await onboardHousehold(team.id, lan.id);
    const h2 = await onboardHousehold(team.id, lan.id);
    const h3 = await onboardHousehold(team.id, minh.id);
    await onboardHousehold(team.id, minh.id, { state: "pending" }); // not onboarded until granted
    await onboardHousehold(other.id, otherHelper.id);

    // Lan lists for h1 (a listing on sale, then an order); Minh lists for h3 then pauses it.
    const l1 = await createListing(as(lan), h1.farm.id, listingInput({ minOrderQty: "1" }));
    const l3 = await createListing(as(minh), h3.farm.id, listingInput());
    await changeListingState(as(minh), h3.farm.id, l3.id, "pause");
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, l1.id, 3);
    expect((await checkoutCart(buyer.id)).ok).toBe(true);
    // A listing h2's owner made itself is not the team's work this week.
    await createListing(as(h2, ["farmer"]), h2.farm.id, listingInput());

    const rows = await teamFigures(as(lan));
    const line = (helperId: number | null) => rows.find((r) => r.teamId === team.id && r.helperId === helperId);
    expect(rows.every((r) => r.teamId === team.id)).toBe(true);
    // h2 has the listing its owner made on sale: two households with an active listing.
    expect(line(null)).toMatchObject({ teamName: "Tổ A", onboarded: 3, withActiveListing: 2, withOrderThisMonth: 1, listingsThisWeek: 2, ordersThisWeek: 1 });
    expect(line(lan.id)).toMatchObject({ helperName: lan.displayName, onboarded: 2, withActiveListing: 2, withOrderThisMonth: 1, listingsThisWeek: 1, ordersThisWeek: 1 });
    expect(line(minh.id)).toMatchObject({ onboarded: 1, withActiveListing: 0, withOrderThisMonth: 0, listingsThisWeek: 1, ordersThisWeek: 0 });

    // An operator sees every team; the other team's helper only theirs.
    const operator = await createAccount(["consumer"]);
    await giveRole(operator.id, "operator");
    const all = await teamFigures(as(operator, ["operator"]));
    expect(all.map((r) => r.teamId)).toEqual(expect.arrayContaining([team.id, other.id]));
    expect((await teamFigures(as(otherHelper))).map((r) => r.teamId)).toEqual([other.id, other.id]);
    // A farmer in no team: nothing.
    expect(await teamFigures(as(h1, ["farmer"]))).toEqual([]);
  });

  it("a household consented again later counts once", async () => {
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const h = await onboardHousehold(team.id, helper.id, { state: "expired" });
    await grantConsent(h.farm.id, team.id, helper.id);
    const rows = await teamFigures(as(helper));
    expect(rows.find((r) => r.helperId === null)).toMatchObject({ onboarded: 1 });
  });
});
