/**
 * The search page's loader: a query with no letter or digit is no query
 * (decision 017), so the page browses instead of showing "Kết quả cho “%_”".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { drainSearchOutbox } from "~/search/outbox.server";
import { searchEngine } from "~/search/engine.server";
import { loader } from "~/routes/search";

beforeAll(async () => {
  await seedDemoData(db());
  await drainSearchOutbox(db(), searchEngine());
});

const load = (qs: string) => loader({ request: new Request(`http://x/search${qs}`), params: {}, context: {} });

describe("the search page", () => {
  it.each(["!!!", "%_", "***", "   "])("treats q=%j as no query", async (q) => {
    const [typed, browse] = await Promise.all([load(`?q=${encodeURIComponent(q)}`), load("")]);
    expect(typed.params.q).toBe("");
    expect(typed.result.total).toBe(browse.result.total);
    expect(typed.result.total).toBeGreaterThan(0);
  });

  it("keeps a query with letters as typed", async () => {
    expect((await load(`?q=${encodeURIComponent("gạo!!")}`)).params.q).toBe("gạo!!");
  });

  it("says when results match only part of a long query", async () => {
    const { result } = await load(`?q=${encodeURIComponent("vải thiều lục ngạn chín đỏ tươi ngon giao tận nhà nhanh")}`);
    expect(result.partial).toBe(true);
    expect(result.hits[0].title).toMatch(/^Vải thiều/);
  });
});
