/**
 * The relevance suite: queries as Vietnamese buyers type them, against the
 * demo data, through the search port. Runs on the PostgreSQL engine always,
 * and on Meilisearch when MEILI_HOST points at a server.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { todayIso } from "~/utils/dates";
import { foldVietnamese } from "./fold";
import { MeilisearchEngine } from "./meilisearch-engine.server";
import { drainSearchOutbox } from "./outbox.server";
import type { SearchEngine, SearchQuery, SearchResult } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";

type Case = { name: string; query: Partial<SearchQuery> & { q: string }; check: (r: SearchResult) => void };

const titles = (r: SearchResult) => r.hits.map((h) => h.title.toLowerCase());
const someTitle = (r: SearchResult, word: string) => titles(r).some((t) => t.includes(word));

function exactFirst(word: string) {
  return (r: SearchResult) => {
    const t = titles(r);
    const exact = t.map((x) => x.includes(word));
    expect(exact[0], `first hit for ${word}`).toBe(true);
    const lastExact = exact.lastIndexOf(true);
    const firstOther = exact.indexOf(false);
    if (firstOther !== -1) expect(lastExact).toBeLessThan(firstOther);
  };
}

/** Hits with the words side by side come before hits that have them apart. */
function phraseFirst(phrase: string) {
  return (r: SearchResult) => {
    const together = r.hits.map((h) => foldVietnamese(h.title).includes(phrase));
    expect(together[0]).toBe(true);
    const firstApart = together.indexOf(false);
    if (firstApart !== -1) expect(together.slice(firstApart).every((t) => !t)).toBe(true);
  };
}

function finds(word: string, alsoWord?: string) {
  return (r: SearchResult) => {
    expect(r.total).toBeGreaterThan(0);
    expect(someTitle(r, word), `a title with "${word}" in ${JSON.stringify(titles(r).slice(0, 8))}`).toBe(true);
    if (alsoWord) expect(someTitle(r, alsoWord), `a title with "${alsoWord}"`).toBe(true);
  };
}

const CASES: Case[] = [
  // Diacritics forgiven, đ = d, any case.
  { name: "no diacritics: ca chua, the words together first", query: { q: "ca chua" }, check: (r) => { finds("cà chua")(r); phraseFirst("ca chua")(r); } },
  { name: "with diacritics: cà chua", query: { q: "cà chua" }, check: finds("cà chua") },
  { name: "upper case: CÀ CHUA", query: { q: "CÀ CHUA" }, check: finds("cà chua") },
  { name: "phrase: ca chua bi", query: { q: "ca chua bi" }, check: (r) => expect(titles(r)[0]).toContain("cà chua bi") },
  { name: "đ as d: dau xanh", query: { q: "dau xanh" }, check: finds("đậu xanh") },
  { name: "đ as d: dau phong", query: { q: "dau phong" }, check: finds("đậu phộng") },
  { name: "place words: da lat", query: { q: "da lat" }, check: (r) => expect(r.hits.slice(0, 5).every((h) => h.provinceName === "Tỉnh Lâm Đồng")).toBe(true) },
  { name: "variety code: gao st25", query: { q: "gao st25" }, check: (r) => expect(titles(r)[0]).toContain("gạo st25") },
  { name: "durian: sau rieng", query: { q: "sau rieng" }, check: finds("sầu riêng") },
  { name: "honey: mat ong", query: { q: "mat ong" }, check: finds("mật ong") },
  // Exact diacritics rank first.
  { name: "dừa lists coconut before melon", query: { q: "dừa" }, check: exactFirst("dừa") },
  { name: "dưa lists melon before coconut", query: { q: "dưa" }, check: exactFirst("dưa") },
  { name: "dứa lists pineapple first", query: { q: "dứa" }, check: exactFirst("dứa") },
  { name: "dua without marks finds both", query: { q: "dua", perPage: 60 }, check: (r) => finds("dừa", "dưa")(r) },
  { name: "cá lists fish first", query: { q: "cá" }, check: exactFirst("cá") },
  // Regional synonyms, both ways.
  { name: "heo finds lợn", query: { q: "heo", perPage: 60 }, check: finds("lợn", "heo") },
  { name: "heo does not find thanh long (lợn is a whole word, not a prefix)", query: { q: "heo", perPage: 60 }, check: (r) => expect(someTitle(r, "thanh long")).toBe(false) },
  { name: "lợn finds heo", query: { q: "lợn", perPage: 60 }, check: finds("heo", "lợn") },
  { name: "bắp finds ngô", query: { q: "bắp", perPage: 60 }, check: finds("ngô") },
  { name: "ngô finds bắp", query: { q: "ngô", perPage: 60 }, check: finds("bắp") },
  { name: "khóm finds dứa and thơm", query: { q: "khóm", perPage: 60 }, check: finds("dứa", "thơm") },
  { name: "thơm finds khóm", query: { q: "thơm", perPage: 60 }, check: finds("khóm") },
  { name: "lạc finds đậu phộng", query: { q: "lạc", perPage: 60 }, check: finds("đậu phộng", "lạc") },
  { name: "đậu phộng finds lạc", query: { q: "đậu phộng", perPage: 60 }, check: finds("lạc") },
  { name: "vừng finds mè", query: { q: "vừng" }, check: finds("mè", "vừng") },
  { name: "mè finds vừng", query: { q: "mè" }, check: finds("vừng") },
  { name: "dưa leo finds dưa chuột", query: { q: "dưa leo" }, check: finds("dưa chuột", "dưa leo") },
  { name: "dua leo without marks finds dưa chuột", query: { q: "dua leo" }, check: finds("dưa chuột") },
  { name: "khổ qua finds mướp đắng", query: { q: "khổ qua" }, check: finds("mướp đắng", "khổ qua") },
  { name: "mướp đắng finds khổ qua", query: { q: "mướp đắng" }, check: finds("khổ qua") },
  { name: "khoai mì finds sắn", query: { q: "khoai mì" }, check: finds("sắn", "khoai mì") },
  { name: "sắn finds khoai mì", query: { q: "sắn" }, check: finds("khoai mì") },
  { name: "trà finds chè", query: { q: "trà" }, check: finds("chè") },
  { name: "thịt heo finds thịt lợn", query: { q: "thịt heo", perPage: 60 }, check: finds("thịt lợn") },
  // Typos, where Vietnamese allows them.
  { name: "typo: buoi da xnah", query: { q: "buoi da xnah" }, check: (r) => { finds("bưởi da xanh")(r); expect(r.correctedQuery).toBe("buoi da xanh"); } },
  { name: "typo: xoaai", query: { q: "xoaai" }, check: finds("xoài") },
  { name: "typo: robustaa", query: { q: "robustaa" }, check: finds("robusta") },
  { name: "typo: thanh lonng", query: { q: "thanh lonng" }, check: finds("thanh long") },
  { name: "short syllables are not stretched: ca", query: { q: "ca" }, check: (r) => { expect(r.total).toBeGreaterThan(0); expect(r.total).toBeLessThan(150); } },
  { name: "nonsense finds nothing", query: { q: "xyzqwv" }, check: (r) => expect(r.total).toBe(0) },
  // Facets and filters.
  {
    name: "category group: fruit",
    query: { q: "", category: "qua", perPage: 60 },
    check: (r) => {
      expect(r.total).toBeGreaterThan(20);
      expect(Object.keys(r.facets.category).every((c) => ["qua-nhiet-doi", "qua-co-mui", "qua-dac-san"].includes(c))).toBe(true);
      expect(Object.values(r.facets.category).reduce((a, b) => a + b, 0)).toBe(r.total);
    },
  },
  { name: "leaf category: gạo tẻ", query: { q: "gao", category: "gao-te" }, check: (r) => expect(Object.keys(r.facets.category)).toEqual(["gao-te"]) },
  {
    name: "province filter: Lâm Đồng",
    query: { q: "", province: "68", perPage: 60 },
    check: (r) => {
      expect(r.total).toBeGreaterThan(5);
      expect(r.hits.every((h) => h.provinceName === "Tỉnh Lâm Đồng")).toBe(true);
      expect(r.facets.province).toEqual({ "68": r.total });
    },
  },
  { name: "certification filter: VietGAP", query: { q: "", cert: "vietgap" }, check: (r) => { expect(r.total).toBeGreaterThan(0); expect(r.facets.cert.vietgap).toBe(r.total); } },
  { name: "certification filter: OCOP fruit", query: { q: "", cert: "ocop", category: "qua" }, check: (r) => expect(r.facets.cert.ocop).toBe(r.total) },
  {
    name: "price range",
    query: { q: "", minPrice: 20_000, maxPrice: 50_000, perPage: 100 },
    check: (r) => { expect(r.total).toBeGreaterThan(10); expect(r.hits.every((h) => h.priceVnd >= 20_000 && h.priceVnd <= 50_000)).toBe(true); },
  },
  { name: "in stock only: no pre-orders", query: { q: "", inStock: true, perPage: 400 }, check: (r) => expect(r.hits.every((h) => h.inStock && (h.availableFrom === null || h.availableFrom <= todayIso()))).toBe(true) },
  { name: "bulk-friendly only", query: { q: "gao", bulk: true }, check: (r) => { expect(r.total).toBeGreaterThan(0); expect(r.hits.every((h) => h.bulk)).toBe(true); } },
  // Sorts and pages.
  { name: "sort by price, low to high", query: { q: "xoai", sort: "price_asc" }, check: (r) => { const p = r.hits.map((h) => h.priceVnd); expect(p).toEqual([...p].sort((a, b) => a - b)); } },
  { name: "sort by price, high to low", query: { q: "", category: "ca-phe", sort: "price_desc" }, check: (r) => { const p = r.hits.map((h) => h.priceVnd); expect(p).toEqual([...p].sort((a, b) => b - a)); } },
  { name: "nearest to Cà Mau", query: { q: "tom", sort: "nearest", near: [9.18, 105.15] }, check: (r) => expect(r.hits[0].provinceName).toBe("Tỉnh Cà Mau") },
  { name: "nearest to Hà Nội", query: { q: "rau", sort: "nearest", near: [21.03, 105.85] }, check: (r) => expect(r.hits[0].provinceName).toBe("Thành phố Hà Nội") },
  {
    name: "pages do not repeat",
    query: { q: "", perPage: 10 },
    check: (r) => { expect(r.hits).toHaveLength(10); expect(r.total).toBeGreaterThan(250); },
  },
];

async function runSuite(engine: () => SearchEngine) {
  const search = (query: Partial<SearchQuery> & { q: string }) =>
    engine().search({ sort: "relevance", page: 1, perPage: 24, ...query });

  it(`has at least 40 queries`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    c.check(await search(c.query));
  });

  it("the second page continues the first", async () => {
    const [one, two] = await Promise.all([search({ q: "", page: 1, perPage: 10 }), search({ q: "", page: 2, perPage: 10 })]);
    const ids = new Set(one.hits.map((h) => h.id));
    expect(two.hits.some((h) => ids.has(h.id))).toBe(false);
  });

  it("suggests titles as the person types", async () => {
    const suggestions = await engine().suggest("xoai c", 8);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => foldVietnamese(s.title).includes("xoai c"))).toBe(true);
  });
}

describe("relevance on the PostgreSQL engine", () => {
  const engine = new PostgresSearchEngine(db);
  beforeAll(async () => {
    await seedDemoData(db());
    await drainSearchOutbox(db(), engine);
  });
  runSuite(() => engine);
});

const meiliHost = process.env.MEILI_HOST;
if (!meiliHost) console.log("Meilisearch relevance suite skipped: MEILI_HOST is not set.");
describe.skipIf(!meiliHost)("relevance on Meilisearch (MEILI_HOST)", () => {
  let engine: MeilisearchEngine;
  beforeAll(async () => {
    engine = new MeilisearchEngine({ host: meiliHost ?? "", apiKey: process.env.MEILI_API_KEY, index: `nss_test_${Date.now()}` });
    await seedDemoData(db()).catch(() => {}); // already loaded when both suites run
    await drainSearchOutbox(db(), engine);
  }, 120_000);
  runSuite(() => engine);
});
