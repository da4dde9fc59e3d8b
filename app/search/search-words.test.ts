/**
 * Queries as people type them, on the PostgreSQL engine with the demo data
 * (decision 017): regional names, long sentences, and queries that are
 * only punctuation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { foldVietnamese } from "./fold";
import { drainSearchOutbox } from "./outbox.server";
import type { SearchQuery } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";

const engine = new PostgresSearchEngine(db);
const search = (q: string, more: Partial<SearchQuery> = {}) => engine.search({ q, sort: "relevance", page: 1, perPage: 100, ...more });
const titles = async (q: string) => (await search(q)).hits.map((h) => h.title.toLowerCase());

beforeAll(async () => {
  await seedDemoData(db());
  await drainSearchOutbox(db(), engine);
});

describe("regional and trade names", () => {
  it.each([
    ["mướp tây", "đậu bắp"],
    ["hành hoa", "hành lá"],
    ["nếp than", "nếp cẩm"],
    ["bồ ngót", "rau ngót"],
    ["gạo nhài", "gạo lài"],
    ["đại hồi", "hoa hồi"],
    ["cá chuối", "cá lóc"],
    ["cá rô phi đỏ", "cá điêu hồng"],
    ["chuối già", "chuối tiêu"],
    ["ngo nep", "ngô nếp"],
  ])("%s finds the listings called %s", async (typed, listed) => {
    const found = await titles(typed);
    expect(found.some((t) => t.includes(listed)), JSON.stringify(found.slice(0, 8))).toBe(true);
  });

  it("ngô finds corn, not cabbage or okra (bắp cải, đậu bắp)", async () => {
    const found = await titles("ngô");
    expect(found.some((t) => t.includes("bắp nếp"))).toBe(true);
    expect(found.filter((t) => t.includes("bắp cải") || t.includes("đậu bắp"))).toEqual([]);
  });

  it("roi does not find plums (mận hậu), and dứa does not find fragrant rice (gạo tám thơm)", async () => {
    expect((await titles("roi")).filter((t) => t.includes("mận"))).toEqual([]);
    const pineapple = await titles("dứa");
    expect(pineapple.some((t) => t.startsWith("thơm"))).toBe(true);
    expect(pineapple.filter((t) => t.includes("gạo") || t.includes("rau thơm"))).toEqual([]);
  });

  it("rau muống finds water spinach and nothing else", async () => {
    const found = await titles("rau muống");
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((t) => !t.includes("rau muống"))).toEqual([]);
  });
});

describe("long queries", () => {
  const typed = "vải thiều lục ngạn chín đỏ tươi ngon giao tận nhà nhanh";

  it("fall back to the listings with the most words, marked partial", async () => {
    const result = await search(typed);
    expect(result.partial).toBe(true);
    expect(result.total).toBeGreaterThan(0);
    expect(result.hits[0].title).toMatch(/^Vải thiều Lục Ngạn/);
    // Ranked by how many of the words each listing has: lychees before anything else.
    const lychee = result.hits.map((h) => foldVietnamese(h.title).includes("vai thieu"));
    expect(lychee.indexOf(false) === -1 || lychee.lastIndexOf(true) < lychee.indexOf(false)).toBe(true);
  });

  it("are not partial when every word is found, and find nothing when no word is", async () => {
    expect(await search("vải thiều lục ngạn")).toMatchObject({ partial: false });
    expect((await search("vải thiều lục ngạn")).total).toBeGreaterThan(0);
    expect(await search("xyzqwv qqqzzv")).toMatchObject({ partial: false, total: 0 });
  });

  it("keep their filters", async () => {
    const result = await search(typed, { province: "79" });
    expect(result.hits.every((h) => h.provinceName === "Thành phố Hồ Chí Minh")).toBe(true);
  });
});

describe("queries without letters or digits", () => {
  it.each(["!!!", "%_", "***", "   ", "%", "_"])("%j searches nothing and lists what browsing lists", async (q) => {
    const [typed, browse] = await Promise.all([search(q, { perPage: 24 }), search("", { perPage: 24 })]);
    expect(typed.total).toBe(browse.total);
    expect(typed.hits.map((h) => h.id)).toEqual(browse.hits.map((h) => h.id));
  });

  it("% and _ are no wildcards inside words", async () => {
    expect((await search("g%o")).hits.map((h) => h.title)).toEqual((await search("g o")).hits.map((h) => h.title));
    expect((await search("ga_")).total).toBe((await search("ga")).total);
  });
});
