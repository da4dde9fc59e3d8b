/**
 * The search page's URL: every parameter optional, a bad value ignored
 * rather than refused (a shared link with a typo still shows results).
 */
import { z } from "./zod";
import { CERTIFICATION_TYPES } from "./fields";
import { normalizeText } from "./text";
import { SORTS, type SearchQuery } from "~/search/port";

export const PER_PAGE = 24;

/** Whole numbers written in decimal digits only (no "1e3", "0x10" or "Infinity"). */
const decimalDigits = (maxDigits: number) =>
  z.string().regex(new RegExp(`^\\d{1,${maxDigits}}$`)).transform(Number);

const optional = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

const searchParamsSchema = z.object({
  // A query without a letter or digit ("!!!", "%_") searches for nothing: it is no query.
  q: z.string().catch("").default("").transform((v) => (/[\p{L}\p{N}]/u.test(v.slice(0, 200)) ? v.slice(0, 200) : "")),
  category: optional(z.string().regex(/^[a-z0-9-]{2,40}$/)),
  province: optional(z.string().regex(/^\d{2}$/)),
  cert: optional(z.enum(CERTIFICATION_TYPES)),
  min: optional(decimalDigits(12)),
  max: optional(decimalDigits(12)),
  stock: optional(z.literal("1")),
  bulk: optional(z.literal("1")),
  verified: optional(z.literal("1")),
  // Decision 040: at least this many stars on average (whole stars, 1–5).
  rating: optional(z.enum(["1", "2", "3", "4", "5"]).transform(Number)),
  sort: z.enum(SORTS).catch("relevance").default("relevance"),
  near: optional(z.string().regex(/^(\d{2}|-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?)$/)),
  page: decimalDigits(4).pipe(z.number().min(1).max(1000)).catch(1).default(1),
});

export type SearchParams = z.infer<typeof searchParamsSchema>;

export function parseSearchParams(params: URLSearchParams): SearchParams {
  // The same text rules as forms (no NUL or other control characters, NFC): q reaches the database.
  const raw = Object.fromEntries([...params.entries()].map(([k, v]) => [k, normalizeText(v)] as const).filter(([, v]) => v !== ""));
  return searchParamsSchema.parse(raw);
}

export function toSearchQuery(p: SearchParams, centres: Record<string, [number, number]>): SearchQuery {
  let near: [number, number] | undefined;
  if (p.near?.includes(",")) {
    const [lat, lng] = p.near.split(",").map(Number);
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) near = [lat, lng];
  } else if (p.near) {
    near = centres[p.near];
  }
  const [minPrice, maxPrice] =
    p.min !== undefined && p.max !== undefined && p.min > p.max ? [p.max, p.min] : [p.min, p.max];
  return {
    q: p.q.normalize("NFC"),
    category: p.category,
    province: p.province,
    cert: p.cert,
    minPrice,
    maxPrice,
    inStock: p.stock === "1",
    bulk: p.bulk === "1",
    verified: p.verified === "1",
    minRating: p.rating,
    sort: p.sort,
    near,
    page: p.page,
    perPage: PER_PAGE,
  };
}

export { searchHref } from "./search-href";
