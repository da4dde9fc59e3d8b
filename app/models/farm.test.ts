import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { as, createAccount, createFarmer, LAM_DONG_COMMUNE } from "../../tests/factories";
import { farmSchema } from "~/validation/farm";
import { FieldErrors } from "./errors";
import { FarmChanged, getFarmByOwner, getFarmDetail, getFarmPage, saveFarm } from "./farm.server";

function farmInput(overrides: Record<string, unknown> = {}) {
  return farmSchema.parse({ name: "Vườn Bà Lan", kind: "household", provinceCode: "68", communeCode: LAM_DONG_COMMUNE, ...overrides });
}

async function farmCount(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from farms`);
  return row.n;
}

describe("farms", () => {
  it("creates a farm with a slug from its Vietnamese name, then updates the same farm", async () => {
    const user = await createAccount(["farmer"]);
    const farm = await saveFarm(as(user), null, farmInput({ name: "Hợp tác xã Rau an toàn Đà Lạt" }), null);
    expect(farm.slug).toBe("hop-tac-xa-rau-an-toan-da-lat");
    const updated = await saveFarm(
      as(user),
      farm.id,
      farmInput({
        name: "HTX Rau Đà Lạt",
        latitude: "11.94",
        longitude: "108.44",
        certifications: [{ type: "vietgap", number: "VG-01", issuer: "Sở NN&MT Lâm Đồng", expiresOn: "2027-06-30" }],
      }),
      farm.version,
    );
    expect(updated.id).toBe(farm.id);
    expect(updated.slug).toBe(farm.slug);
    const detail = await getFarmDetail(farm.id);
    expect(detail).toMatchObject({ name: "HTX Rau Đà Lạt", latitude: 11.94, longitude: 108.44, provinceName: "Tỉnh Lâm Đồng" });
    expect(detail?.certifications).toEqual([
      { type: "vietgap", number: "VG-01", issuer: "Sở NN&MT Lâm Đồng", expiresOn: "2027-06-30", stars: null },
    ]);
  });

  it("gives same-named farms distinct slugs", async () => {
    const a = await createFarmer("Vườn Xoài Cát");
    const b = await createFarmer("Vườn Xoài Cát");
    expect(a.farm.slug).toBe("vuon-xoai-cat");
    expect(b.farm.slug).toBe("vuon-xoai-cat-2");
  });

  it("refuses an unknown commune, or one of another province, and saves nothing", async () => {
    const user = await createAccount(["farmer"]);
    const before = await farmCount();
    await expect(saveFarm(as(user), null, farmInput({ communeCode: "99999" }), null)).rejects.toMatchObject({
      fieldErrors: { communeCode: ["errors.commune.unknown"] },
    });
    // 00004 is Phường Ba Đình, Hà Nội — not in Lâm Đồng.
    await expect(saveFarm(as(user), null, farmInput({ communeCode: "00004" }), null)).rejects.toMatchObject({
      fieldErrors: { communeCode: ["errors.commune.notInProvince"] },
    });
    await expect(saveFarm(as(user), null, farmInput({ provinceCode: "99", communeCode: "99999" }), null)).rejects.toBeInstanceOf(FieldErrors);
    expect(await farmCount()).toBe(before);
    expect(await getFarmByOwner(user.id)).toBeNull();
  });

  it("refuses a slug taken by another farm", async () => {
    const first = await createFarmer("Vườn Mận Mộc Châu");
    const user = await createAccount(["farmer"]);
    await expect(saveFarm(as(user), null, farmInput({ slug: first.farm.slug }), null)).rejects.toMatchObject({
      fieldErrors: { slug: ["errors.slug.taken"] },
    });
  });

  it("only ever writes the caller's own farm", async () => {
    const owner = await createFarmer("Vườn Của Tôi");
    const intruder = await createFarmer("Vườn Người Khác");
    // Naming the owner's farm: a stranger is refused as if it did not exist, and nothing is written.
    await expect(saveFarm(as(intruder), owner.farm.id, farmInput({ name: "Đổi tên trộm" }), owner.farm.version)).rejects.toMatchObject({ kind: "not_found" });
    expect((await getFarmByOwner(owner.id))?.name).toBe("Vườn Của Tôi");
    // Naming no farm: the intruder's own farm is the one saved.
    await saveFarm(as(intruder), null, farmInput({ name: "Đổi tên trộm" }), intruder.farm.version);
    expect((await getFarmByOwner(owner.id))?.name).toBe("Vườn Của Tôi");
    expect((await getFarmByOwner(intruder.id))?.name).toBe("Đổi tên trộm");
  });

  it("refuses a save from a form opened before the farm was changed elsewhere, naming what differs", async () => {
    const farmer = await createFarmer("Vườn Hai Tab");
    const opened = farmer.farm.version;
    // Another tab renames the farm and adds a story.
    await saveFarm(as(farmer), farmer.farm.id, farmInput({ name: "Vườn Hai Tab Mới", story: "Viết ở tab kia." }), opened);
    // The first tab, still showing the old farm, saves a new address line.
    const stale = saveFarm(as(farmer), farmer.farm.id, farmInput({ name: "Vườn Hai Tab", addressLine: "Tổ 7" }), opened);
    await expect(stale).rejects.toBeInstanceOf(FarmChanged);
    await expect(stale).rejects.toMatchObject({
      fieldErrors: {
        "": ["staleEdit.farmTitle"],
        name: ["staleEdit.farmNow|Vườn Hai Tab Mới"],
        story: ["staleEdit.farmDiffers"],
        addressLine: ["staleEdit.farmEmptyNow"],
      },
    });
    const now = (await getFarmByOwner(farmer.id))!;
    expect(now).toMatchObject({ name: "Vườn Hai Tab Mới", story: "Viết ở tab kia.", addressLine: "" });
    expect((await stale.catch((e: FarmChanged) => e)).version).toBe(now.version);
    // Submitted again against the version it was shown with: saved as the farmer decided.
    await saveFarm(as(farmer), farmer.farm.id, farmInput({ name: "Vườn Hai Tab", addressLine: "Tổ 7" }), now.version);
    expect(await getFarmByOwner(farmer.id)).toMatchObject({ name: "Vườn Hai Tab", addressLine: "Tổ 7", story: "" });
  });

  it("a stale form that holds what the farm holds now (a double submit) is simply saved", async () => {
    const farmer = await createFarmer("Vườn Bấm Hai Lần");
    const opened = farmer.farm.version;
    const input = farmInput({ name: "Vườn Bấm Hai Lần", story: "Rau sạch." });
    await saveFarm(as(farmer), farmer.farm.id, input, opened);
    await expect(saveFarm(as(farmer), farmer.farm.id, input, opened)).resolves.toMatchObject({ story: "Rau sạch." });
  });

  it("answers null for a farm page that does not exist", async () => {
    expect(await getFarmPage("khong-co-vuon-nay")).toBeNull();
  });
});
