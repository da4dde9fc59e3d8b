/**
 * Co-op members (issue 11 §1) against real PostgreSQL: only the owner adds
 * and removes them; a member sells (listings, orders) but never reaches the
 * money or the consents; removal ends access at once; every change is on the
 * farm's activity.
 */
import { describe, expect, it } from "vitest";
import { as, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { farmActivity } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { farmRelation } from "~/policy/relations.server";
import { addCoopMember, farmsSoldFor, listCoopMembers, removeCoopMember } from "./farm-members.server";
import { createListing } from "./listing.server";

describe("co-op members", () => {
  it("the owner adds one by phone; they sell for the household, never reach its money or consents", async () => {
    const household = await createFarmer();
    const coop = await createAccount(["farmer"]);
    await addCoopMember(as(household), household.farm.id, coop.phone);
    expect((await listCoopMembers(household.farm.id)).map((m) => m.userId)).toEqual([coop.id]);
    expect(await farmsSoldFor(coop.id)).toEqual([expect.objectContaining({ farmId: household.farm.id })]);
    expect(await farmRelation(coop.id, household.farm.id)).toEqual({ role: "coop_member", scopes: ["listings", "orders"] });
    await createListing(as(coop), household.farm.id, listingInput({ title: "Gạo tám thơm của hộ" }));
    await expect(authorizeFarm(as(coop), "farm.payouts", household.farm.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(authorizeFarm(as(coop), "farm.consent", household.farm.id)).rejects.toMatchObject({ kind: "forbidden" });
    // Adding again (a double tap) changes nothing and is not recorded twice.
    await addCoopMember(as(household), household.farm.id, coop.phone);
    const actions = (await farmActivity(household.farm.id)).map((a) => a.action);
    expect(actions.filter((a) => a === "member.add")).toHaveLength(1);
    expect(actions).toContain("listing.create");
  });

  it("only the owner adds or removes: a co-op member, a stranger and an unknown account are refused, nothing changed", async () => {
    const household = await createFarmer();
    const coop = await createAccount(["farmer"]);
    const stranger = await createAccount(["farmer"]);
    await addCoopMember(as(household), household.farm.id, coop.phone);
    await expect(addCoopMember(as(coop), household.farm.id, stranger.phone)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(addCoopMember(as(stranger), household.farm.id, stranger.phone)).rejects.toMatchObject({ kind: "not_found" });
    await expect(removeCoopMember(as(stranger), household.farm.id, coop.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(removeCoopMember(as(coop), household.farm.id, coop.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(addCoopMember(as(household), household.farm.id, "0999999999")).rejects.toMatchObject({ fieldErrors: { identifier: ["errors.members.noAccount"] } });
    await expect(addCoopMember(as(household), household.farm.id, household.phone)).rejects.toMatchObject({ fieldErrors: { identifier: ["errors.members.self"] } });
    await expect(addCoopMember(as(household), household.farm.id, "không phải số")).rejects.toMatchObject({ fieldErrors: { identifier: ["errors.identifier.invalid"] } });
    expect((await listCoopMembers(household.farm.id)).map((m) => m.userId)).toEqual([coop.id]);
  });

  it("removed, the member loses the household at once", async () => {
    const household = await createFarmer();
    const coop = await createAccount(["farmer"]);
    await addCoopMember(as(household), household.farm.id, coop.phone);
    await removeCoopMember(as(household), household.farm.id, coop.id);
    expect(await farmRelation(coop.id, household.farm.id)).toBeNull();
    await expect(createListing(as(coop), household.farm.id, listingInput())).rejects.toMatchObject({ kind: "not_found" });
    await expect(removeCoopMember(as(household), household.farm.id, coop.id)).rejects.toMatchObject({ kind: "not_found" });
    expect((await farmActivity(household.farm.id)).map((a) => a.action)).toEqual(expect.arrayContaining(["member.add", "member.remove"]));
  });
});
