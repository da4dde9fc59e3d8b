/**
 * Relations loaded from the database (owner, co-op member, helper through a
 * consent in force) and the audit trail's append-only guard, against real
 * PostgreSQL.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { analystProvinces, auditEvents, consents, farmMembers, teamMembers, teams } from "../../db/schema";
import { as, createAccount, createFarmer, LAM_DONG_COMMUNE, listingInput } from "../../tests/factories";
import { createListing } from "~/models/listing.server";
import { audit, farmActivity } from "./audit.server";
import { authorizeFarm, authorizeProvince } from "./authorize.server";
import { DomainError } from "./errors";
import { analystProvinceCodes, farmRelation } from "./relations.server";

async function teamWith(helperId: number) {
  const [team] = await db().insert(teams).values({ name: "Tổ CNS thử", provinceCode: "68", communeCode: LAM_DONG_COMMUNE }).returning();
  await db().insert(teamMembers).values({ teamId: team.id, userId: helperId });
  return team;
}

/**
 * Consents of other farms made first, so that no consent's id equals the farm's
 * id in these tests: a query that compared a consent's own id with the farm's
 * (Drizzle leaves one-table columns unqualified) would pass by coincidence.
 */
beforeAll(async () => {
  const other = await createFarmer();
  const helper = await createAccount(["helper"]);
  const team = await teamWith(helper.id);
  for (let i = 0; i < 40; i++) {
    await db().insert(consents).values({ farmId: other.farm.id, teamId: team.id, scopes: ["orders"], method: "paper", recordedBy: helper.id, withdrawnAt: new Date() });
  }
});

const DAY = 24 * 3600_000;

describe("farm relations", () => {
  it("owner, co-op member, helper by consent, and nobody else", async () => {
    const farmer = await createFarmer();
    const coop = await createAccount(["farmer"]);
    const helper = await createAccount(["helper"]);
    const stranger = await createAccount(["helper"]);
    await db().insert(farmMembers).values({ farmId: farmer.farm.id, userId: coop.id, role: "coop_member" });
    const team = await teamWith(helper.id);
    await db().insert(consents).values({
      farmId: farmer.farm.id,
      teamId: team.id,
      scopes: ["listings"],
      method: "paper",
      recordedBy: helper.id,
      grantedAt: new Date(),
      expiresAt: new Date(Date.now() + 365 * DAY),
    });
    expect(await farmRelation(farmer.id, farmer.farm.id)).toEqual({ role: "owner", scopes: ["listings", "orders"] });
    expect(await farmRelation(coop.id, farmer.farm.id)).toEqual({ role: "coop_member", scopes: ["listings", "orders"] });
    expect(await farmRelation(helper.id, farmer.farm.id)).toEqual({ role: "helper", scopes: ["listings"] });
    expect(await farmRelation(stranger.id, farmer.farm.id)).toBeNull();
    expect(await farmRelation(farmer.id, 999_999)).toBeNull();
  });

  it("a helper's access lasts exactly as long as a consent in force and their place in the team", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["helper"]);
    const team = await teamWith(helper.id);
    const base = { farmId: farmer.farm.id, teamId: team.id, scopes: ["listings", "orders"] as ("listings" | "orders")[], method: "code" as const, recordedBy: helper.id };

    // Pending (not yet confirmed by the household): nothing.
    const [pending] = await db().insert(consents).values(base).returning();
    expect(await farmRelation(helper.id, farmer.farm.id)).toBeNull();
    // Expired: nothing.
    await db().update(consents).set({ grantedAt: new Date(Date.now() - 400 * DAY), expiresAt: new Date(Date.now() - DAY) }).where(eq(consents.id, pending.id));
    expect(await farmRelation(helper.id, farmer.farm.id)).toBeNull();
    // In force: both scopes.
    await db().update(consents).set({ expiresAt: new Date(Date.now() + DAY) }).where(eq(consents.id, pending.id));
    expect(await farmRelation(helper.id, farmer.farm.id)).toEqual({ role: "helper", scopes: ["listings", "orders"] });
    // The helper leaves the team: nothing, though the consent stands.
    await db().update(teamMembers).set({ removedAt: new Date() }).where(eq(teamMembers.userId, helper.id));
    expect(await farmRelation(helper.id, farmer.farm.id)).toBeNull();
    await db().update(teamMembers).set({ removedAt: null }).where(eq(teamMembers.userId, helper.id));
    // Withdrawn: nothing, and a command refuses.
    await db().update(consents).set({ withdrawnAt: new Date(), withdrawnBy: farmer.id }).where(eq(consents.id, pending.id));
    expect(await farmRelation(helper.id, farmer.farm.id)).toBeNull();
    await expect(authorizeFarm(as(helper, ["helper"]), "listing.manage", farmer.farm.id)).rejects.toMatchObject({ kind: "not_found", status: 404 });
  });

  it("a helper outside the consent's scope is refused with 403, not 404", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["helper"]);
    const team = await teamWith(helper.id);
    await db().insert(consents).values({
      farmId: farmer.farm.id,
      teamId: team.id,
      scopes: ["orders"],
      method: "paper",
      recordedBy: helper.id,
      grantedAt: new Date(),
      expiresAt: new Date(Date.now() + DAY),
    });
    await expect(authorizeFarm(as(helper), "listing.manage", farmer.farm.id)).rejects.toMatchObject({ kind: "forbidden", status: 403 });
    await expect(authorizeFarm(as(helper), "farm.payouts", farmer.farm.id)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await authorizeFarm(as(helper), "order.sell", farmer.farm.id)).toEqual({ role: "helper", scopes: ["orders"] });
  });
});

describe("a consent withdrawn while a helper's command runs", () => {
  it("the command waits for the withdrawal and is refused; nothing is written", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["helper"]);
    const team = await teamWith(helper.id);
    const [consent] = await db()
      .insert(consents)
      .values({ farmId: farmer.farm.id, teamId: team.id, scopes: ["listings"], method: "paper", recordedBy: helper.id, grantedAt: new Date(), expiresAt: new Date(Date.now() + DAY) })
      .returning();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    // The household withdraws: its transaction holds the consent's row until released.
    const withdrawal = db().transaction(async (tx) => {
      await tx.update(consents).set({ withdrawnAt: new Date(), withdrawnBy: farmer.id }).where(eq(consents.id, consent.id));
      locked();
      await held;
    });
    await lockTaken;
    let settled = false;
    const command = createListing(as(helper, ["helper"]), farmer.farm.id, listingInput({ title: "Bán giữa lúc rút" })).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    // The helper's right was read before the withdrawal committed; the command waits on the consent's lock.
    expect(settled).toBe(false);
    release();
    await withdrawal;
    await expect(command).rejects.toMatchObject({ kind: "not_found" });
    const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from listings where farm_id = ${farmer.farm.id} and title = 'Bán giữa lúc rút'`);
    expect(row.n).toBe(0);
  });
});

describe("the audit trail", () => {
  it("records who acted for whom, and the database refuses to change or remove it", async () => {
    const farmer = await createFarmer();
    const helper = await createAccount(["helper"]);
    await db().transaction((tx) =>
      audit(tx, as(helper), {
        action: "listing.update",
        subject: { type: "listing", id: 7 },
        farmId: farmer.farm.id,
        relation: { role: "helper", scopes: ["listings"] },
        before: { priceVnd: 30000 },
        after: { priceVnd: 35000 },
      }),
    );
    const [row] = await farmActivity(farmer.farm.id);
    expect(row).toMatchObject({ action: "listing.update", actorId: helper.id, onBehalf: true, before: { priceVnd: 30000 }, after: { priceVnd: 35000 } });

    // Drizzle wraps PostgreSQL's error: the trigger's message is its cause.
    const appendOnly = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(db().update(auditEvents).set({ action: "nothing" }).where(eq(auditEvents.id, row.id))).rejects.toMatchObject(appendOnly);
    await expect(db().delete(auditEvents).where(eq(auditEvents.id, row.id))).rejects.toMatchObject(appendOnly);
    await expect(db().execute(sql`truncate audit_events`)).rejects.toMatchObject(appendOnly);
    expect((await farmActivity(farmer.farm.id))[0]).toMatchObject({ id: row.id, action: "listing.update" });
  });

  it("money events show only with the money: a payout is not in the activity a helper reads", async () => {
    const farmer = await createFarmer();
    const operator = await createAccount(["operator"]);
    await db().transaction((tx) =>
      audit(tx, as(operator), { action: "payout.record", subject: { type: "ledger_entry", id: 1 }, farmId: farmer.farm.id, after: { amountVnd: 500000, bankReference: "FT123" } }),
    );
    expect((await farmActivity(farmer.farm.id)).map((r) => r.action)).not.toContain("payout.record");
    expect((await farmActivity(farmer.farm.id, { withMoney: true })).map((r) => r.action)).toContain("payout.record");
  });

  it("a rolled-back command leaves no trace", async () => {
    const farmer = await createFarmer();
    await db()
      .transaction(async (tx) => {
        await audit(tx, as(farmer), { action: "farm.update", subject: { type: "farm", id: farmer.farm.id }, farmId: farmer.farm.id });
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect((await farmActivity(farmer.farm.id)).filter((r) => r.action === "farm.update")).toEqual([]);
  });
});

describe("province analysts (issue 13)", () => {
  const refusedWith = (work: Promise<unknown>) => work.then(() => "allowed", (e: unknown) => (e instanceof DomainError ? e.kind : String(e)));

  it("an analyst sees their own provinces' figures and gets not_found for another's; the administrator sees all", async () => {
    const analyst = await createAccount(["analyst"]);
    const operator = await createAccount(["operator"]);
    const moderator = await createAccount(["moderator"]);
    // Hưng Yên (33) and Lâm Đồng (68) are the analyst's; Hà Nội (01) is not.
    await db().insert(analystProvinces).values([{ userId: analyst.id, provinceCode: "33", grantedBy: operator.id }, { userId: analyst.id, provinceCode: "68", grantedBy: operator.id }]);
    expect(await analystProvinceCodes(analyst.id)).toEqual(["33", "68"]);
    expect(await refusedWith(authorizeProvince(as(analyst), "insights.view", "33"))).toBe("allowed");
    expect(await refusedWith(authorizeProvince(as(analyst), "insights.view", "68"))).toBe("allowed");
    expect(await refusedWith(authorizeProvince(as(analyst), "insights.view", "01"))).toBe("not_found");
    expect(await refusedWith(authorizeProvince(as(operator), "insights.view", "01"))).toBe("allowed");
    expect(await refusedWith(authorizeProvince(as(moderator), "insights.view", "33"))).toBe("not_found");
    expect(await refusedWith(authorizeProvince(null, "insights.view", "33"))).toBe("not_found");
  });

  it("a province row without the analyst role gives nothing (the role is taken away, the row stays)", async () => {
    const former = await createAccount(["farmer"]);
    await db().insert(analystProvinces).values({ userId: former.id, provinceCode: "33" });
    expect(await refusedWith(authorizeProvince(as(former), "insights.view", "33"))).toBe("not_found");
  });
});
