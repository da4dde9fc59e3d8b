/**
 * Stale edits of a listing. An edit form carries the listing's version and a
 * snapshot of what it showed; when the listing changed since (a sale, a
 * cancellation giving stock back, the farmer's other tab), the save is
 * refused and this module works out what to tell the farmer and what the
 * form shows next (a three-way merge of shown, typed and current values):
 * - a field changed elsewhere that the farmer left alone takes the current
 *   value; one the farmer changed too keeps theirs; both are named;
 * - stock is a count that others move: the farmer's change (typed − shown)
 *   is applied to the stock there is now, never below zero, so units sold
 *   while the form was open are never put back on sale;
 * - a form without a readable snapshot (tampered, or from an old page) keeps
 *   what was typed except the stock, which takes the current value.
 * Pure: no database, so the rules are tested as a table.
 */
import { z } from "~/validation/zod";
import type { ListingInput } from "~/validation/listing";
import type { CertificationInput } from "~/validation/fields";
import type { ListingDetail, ListingState } from "./listing.server";
import type { PriceTier } from "./pricing";
import { roundQuantity, UNITS, type Unit } from "./units";

/** The fields of the edit form, in the order the form shows them. */
export const EDITABLE_FIELDS = [
  "title",
  "categorySlug",
  "priceVnd",
  "unit",
  "stock",
  "minOrderQty",
  "variety",
  "grade",
  "description",
  "tiers",
  "availableFrom",
  "availableTo",
  "deliveryOptions",
  "certifications",
  "photoIds",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export type EditedValues = {
  title: string;
  categorySlug: string;
  priceVnd: number;
  unit: Unit;
  stock: number;
  minOrderQty: number;
  variety: string;
  grade: string;
  description: string;
  tiers: PriceTier[];
  availableFrom: string | null;
  availableTo: string | null;
  deliveryOptions: string[];
  certifications: CertificationInput[];
  photoIds: string[];
};

/** What the edit form showed: its fields and the listing's state. */
export type ListingSnapshot = EditedValues & { state: ListingState };

/** Same key order and sorting whatever the source, so that equal values compare equal. */
function canonical(v: EditedValues): EditedValues {
  return {
    title: v.title,
    categorySlug: v.categorySlug,
    priceVnd: v.priceVnd,
    unit: v.unit,
    stock: v.stock,
    minOrderQty: v.minOrderQty,
    variety: v.variety,
    grade: v.grade,
    description: v.description,
    tiers: v.tiers.map((t) => ({ minQty: t.minQty, priceVnd: t.priceVnd })),
    availableFrom: v.availableFrom,
    availableTo: v.availableTo,
    deliveryOptions: [...v.deliveryOptions].sort(),
    certifications: v.certifications.map((c) => ({ type: c.type, number: c.number, issuer: c.issuer, expiresOn: c.expiresOn, stars: c.stars })),
    photoIds: [...v.photoIds],
  };
}

export function listingSnapshot(listing: ListingDetail): ListingSnapshot {
  return { ...canonical({ ...listing, photoIds: listing.photos.map((p) => p.id) }), state: listing.state };
}

export function editedValues(input: ListingInput): EditedValues {
  return canonical({ ...input, availableFrom: input.availableFrom ?? null, availableTo: input.availableTo ?? null });
}

const snapshotSchema = z.object({
  title: z.string().max(500),
  categorySlug: z.string().max(200),
  priceVnd: z.number(),
  unit: z.enum(UNITS),
  stock: z.number().nonnegative(),
  minOrderQty: z.number(),
  variety: z.string().max(500),
  grade: z.string().max(500),
  description: z.string().max(10_000),
  tiers: z.array(z.object({ minQty: z.number(), priceVnd: z.number() })).max(20),
  availableFrom: z.string().max(10).nullable(),
  availableTo: z.string().max(10).nullable(),
  deliveryOptions: z.array(z.string().max(100)).max(20),
  certifications: z
    .array(
      z.object({
        type: z.enum(["vietgap", "globalgap", "organic", "ocop"]),
        number: z.string().max(500),
        issuer: z.string().max(500),
        expiresOn: z.string().max(10).nullable(),
        stars: z.number().nullable(),
      }),
    )
    .max(20),
  photoIds: z.array(z.string().max(100)).max(50),
  state: z.enum(["draft", "active", "paused", "sold_out", "expired"]),
});

/** The snapshot from the form's hidden field; null when missing or not one of ours. */
export function parseSnapshot(text: unknown): ListingSnapshot | null {
  if (typeof text !== "string" || text.length > 40_000) return null;
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(text));
    return parsed.success ? { ...canonical(parsed.data), state: parsed.data.state } : null;
  } catch {
    return null;
  }
}

export type ListingChange =
  | { field: EditableField; from: EditedValues[EditableField] | null; to: EditedValues[EditableField]; yours: boolean }
  | { field: "state"; from: ListingState; to: ListingState; yours: false };

export type StaleEdit = {
  /** What changed since the form was shown (from null: not known, the form had no snapshot). */
  changes: ListingChange[];
  /** Fields the form now shows as they are in the listing. */
  takeCurrent: EditableField[];
  /** The stock the form shows next: the farmer's change applied to the stock there is now. */
  stock: number;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function reconcileStaleEdit(shown: ListingSnapshot | null, typed: EditedValues, now: ListingSnapshot): StaleEdit {
  const changes: ListingChange[] = [];
  const takeCurrent: EditableField[] = [];
  if (shown && shown.state !== now.state) changes.push({ field: "state", from: shown.state, to: now.state, yours: false });
  for (const field of EDITABLE_FIELDS) {
    const base = shown ?? typed;
    if (same(base[field], now[field])) continue;
    const yours = shown === null || !same(typed[field], shown[field]);
    changes.push({ field, from: shown ? shown[field] : null, to: now[field], yours });
    // Stock is never simply taken: see `stock` below.
    if (!yours && field !== "stock") takeCurrent.push(field);
  }
  const stock = shown ? Math.max(0, roundQuantity(now.stock + typed.stock - shown.stock)) : now.stock;
  return { changes, takeCurrent, stock };
}
