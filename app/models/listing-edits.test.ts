import { describe, expect, it } from "vitest";
import { parseSnapshot, reconcileStaleEdit, type EditedValues, type ListingSnapshot } from "./listing-edits";

const base: ListingSnapshot = {
  title: "Cà chua bi Đà Lạt",
  categorySlug: "rau-qua",
  priceVnd: 35000,
  unit: "kg",
  stock: 10,
  minOrderQty: 1,
  variety: "",
  grade: "",
  description: "Trồng nhà kính.",
  tiers: [],
  availableFrom: null,
  availableTo: null,
  deliveryOptions: ["giao-tan-noi"],
  certifications: [],
  photoIds: [],
  state: "active",
};
const typedAs = (changes: Partial<EditedValues>): EditedValues => {
  const { state: _state, ...values } = base;
  return { ...values, ...changes };
};
const nowAs = (changes: Partial<ListingSnapshot>): ListingSnapshot => ({ ...base, ...changes });

describe("a stale edit merged with the listing as it is now", () => {
  it.each([
    // [what the farmer typed, what changed elsewhere, the stock the form shows next]
    ["nothing; 5 sold", {}, { stock: 5 }, 5],
    ["stock 20 (restocked 10); 5 sold", { stock: 20 }, { stock: 5 }, 15],
    ["stock 8 (2 spoiled); 5 sold", { stock: 8 }, { stock: 5 }, 3],
    ["stock 0 (sold out at market); 5 sold", { stock: 0 }, { stock: 5 }, 0],
    ["stock 2; 9 sold: never below zero", { stock: 2 }, { stock: 1 }, 0],
    ["stock 12; 3 given back by a cancellation", { stock: 12 }, { stock: 13 }, 15],
    ["stock 12; nothing sold, the price changed elsewhere", { stock: 12 }, { priceVnd: 40000 }, 12],
    ["stock 10.5; 0.25 sold", { stock: 10.5 }, { stock: 9.75 }, 10.25],
  ] as const)("typed %s", (_, typed, now, stock) => {
    expect(reconcileStaleEdit(base, typedAs(typed), nowAs(now)).stock).toBe(stock);
  });

  it("takes the new value of a field the farmer left alone, keeps theirs where both changed, and names both", () => {
    const merge = reconcileStaleEdit(
      base,
      typedAs({ title: "Cà chua bi loại 1", description: "Mô tả mới" }),
      nowAs({ priceVnd: 40000, description: "Sửa ở tab khác", stock: 5, state: "paused" }),
    );
    expect(merge.changes).toEqual([
      { field: "state", from: "active", to: "paused", yours: false },
      { field: "priceVnd", from: 35000, to: 40000, yours: false },
      { field: "stock", from: 10, to: 5, yours: false },
      { field: "description", from: "Trồng nhà kính.", to: "Sửa ở tab khác", yours: true },
    ]);
    expect(merge.takeCurrent).toEqual(["priceVnd"]);
    expect(merge.stock).toBe(5);
  });

  it("without a snapshot: keeps what was typed, says what differs, and shows the stock there is now", () => {
    const merge = reconcileStaleEdit(null, typedAs({ stock: 10, priceVnd: 36000 }), nowAs({ stock: 4 }));
    expect(merge.changes).toEqual([
      { field: "priceVnd", from: null, to: 35000, yours: true },
      { field: "stock", from: null, to: 4, yours: true },
    ]);
    expect(merge.takeCurrent).toEqual([]);
    expect(merge.stock).toBe(4);
  });

  it("reads only snapshots of its own shape from the hidden field", () => {
    expect(parseSnapshot(JSON.stringify(base))).toEqual(base);
    for (const bad of [undefined, "", "{", "null", "[]", JSON.stringify({ ...base, stock: -5 }), JSON.stringify({ ...base, unit: "bag" }), "x".repeat(50_000)]) {
      expect(parseSnapshot(bad)).toBeNull();
    }
  });
});
