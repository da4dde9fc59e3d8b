/**
 * A listing as the edit form holds it (strings all the way down): the form's
 * first values, and the current values a stale edit takes for the fields the
 * farmer left alone (listing-form.server.ts). Browser-safe.
 */
import type { ListingChange } from "~/models/listing-edits";
import type { ListingDetail } from "~/models/listing.server";
import type { Unit } from "~/models/units";

export type ListingFormShape = {
  title: string;
  categorySlug: string;
  variety: string;
  grade: string;
  description: string;
  unit: string;
  priceVnd: string;
  stock: string;
  minOrderQty: string;
  tiers: { minQty: string; priceVnd: string }[];
  availableFrom: string;
  availableTo: string;
  deliveryOptions: string[];
  certifications: { type: string; number: string; issuer: string; expiresOn: string; stars: string }[];
  photoIds: string[];
  lotId: string;
  intent: string;
};

export function listingFormValues(listing: ListingDetail | null): Partial<ListingFormShape> {
  if (!listing) return { unit: "kg", minOrderQty: "1", deliveryOptions: ["giao-tan-noi"] };
  return {
    title: listing.title,
    categorySlug: listing.categorySlug,
    variety: listing.variety,
    grade: listing.grade,
    description: listing.description,
    unit: listing.unit,
    priceVnd: String(listing.priceVnd),
    stock: String(listing.stock),
    minOrderQty: String(listing.minOrderQty),
    tiers: listing.tiers.map((t) => ({ minQty: String(t.minQty), priceVnd: String(t.priceVnd) })),
    availableFrom: listing.availableFrom ?? "",
    availableTo: listing.availableTo ?? "",
    deliveryOptions: listing.deliveryOptions,
    certifications: listing.certifications.map((c) => ({ ...c, expiresOn: c.expiresOn ?? "", stars: c.stars ? String(c.stars) : "" })),
    photoIds: listing.photos.map((p) => p.id),
    lotId: listing.lotId ? String(listing.lotId) : "",
  };
}

/** The hidden fields of an edit form, as strings: the version it showed and a snapshot of what it showed. */
export type ListingRevision = { version: string; shown: string };

/** What changed while an edit form was open, for the notice above it. */
export type StaleNotice = {
  changes: ListingChange[];
  /** The listing's unit now, for quantities. */
  unit: Unit;
  /** The stock the form shows now (the farmer's change applied to the stock there is). */
  stock: number;
  /** The form had no readable revision: what it showed is not known. */
  unknownOrigin: boolean;
};
