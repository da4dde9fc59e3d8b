/**
 * Above an edit form that was saved stale: nothing was saved, and here is
 * what changed since the form was opened, field by field, and what the form
 * holds now (models/listing-edits.ts decides it).
 */
import type { ListingChange } from "~/models/listing-edits";
import type { Category } from "~/models/place.server";
import type { PriceTier } from "~/models/pricing";
import { formatDate, formatQuantity, formatVnd } from "~/utils/i18n";
import type { StaleNotice } from "~/utils/listing-form-values";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

const FIELD_LABELS: Record<ListingChange["field"], string> = {
  title: "listingForm.title",
  categorySlug: "listingForm.category",
  priceVnd: "listingForm.price",
  unit: "listingForm.unit",
  stock: "listingForm.stock",
  minOrderQty: "listingForm.minOrderQty",
  variety: "listingForm.variety",
  grade: "listingForm.grade",
  description: "listingForm.description",
  tiers: "listingForm.tiers",
  availableFrom: "listingForm.availableFrom",
  availableTo: "listingForm.availableTo",
  deliveryOptions: "listingForm.delivery",
  certifications: "certifications.legend",
  photoIds: "photos.legend",
  state: "staleEdit.state",
};

export function StaleEditNotice({ notice, categories }: { notice: StaleNotice; categories: Category[] }) {
  const t = useT();
  const locale = useLocale();
  const unit = t(`units.${notice.unit}`);
  const quantity = (q: number) => `${formatQuantity(q, locale)} ${unit}`;
  const category = (slug: string) => {
    const c = categories.find((c) => c.slug === slug);
    return c ? (locale === "en" ? c.nameEn : c.nameVi) : slug;
  };
  /** A value as the farmer reads it; null for values too long or too nested to repeat here. */
  const shown = (change: ListingChange, value: unknown): string | null => {
    if (value === null || value === undefined) return t("staleEdit.empty");
    switch (change.field) {
      case "priceVnd":
        return formatVnd(value as number, locale);
      case "stock":
      case "minOrderQty":
        return quantity(value as number);
      case "unit":
        return t(`units.${value as string}Long`);
      case "categorySlug":
        return category(value as string);
      case "state":
        return t(`states.${value as string}`);
      case "availableFrom":
      case "availableTo":
        return formatDate(value as string, locale);
      case "tiers":
        return (value as PriceTier[]).map((tier) => `≥ ${quantity(tier.minQty)}: ${formatVnd(tier.priceVnd, locale)}`).join("; ") || t("staleEdit.empty");
      case "title":
      case "variety":
      case "grade":
        return value === "" ? t("staleEdit.empty") : `“${value as string}”`;
      default:
        return null;
    }
  };

  const lines = notice.changes.map((change) => {
    const field = t(FIELD_LABELS[change.field]);
    if (change.field === "stock" && change.from !== null) {
      const from = change.from as number;
      const to = change.to as number;
      const moved =
        to < from
          ? t("staleEdit.sold", { amount: quantity(from - to), now: quantity(to) })
          : t("staleEdit.stockUp", { amount: quantity(to - from), now: quantity(to) });
      const delta = notice.stock - to;
      const form = change.yours
        ? t("staleEdit.stockYours", { delta: `${delta >= 0 ? "+" : "−"}${quantity(Math.abs(delta))}`, value: quantity(notice.stock) })
        : t("staleEdit.stockField", { value: quantity(notice.stock) });
      return `${moved} ${form}`;
    }
    if (change.field === "stock") return t("staleEdit.stockNow", { now: quantity(change.to as number) });
    const to = shown(change, change.to);
    if (change.from === null) return to === null ? t("staleEdit.differs", { field }) : t("staleEdit.changedNow", { field, to });
    const from = shown(change, change.from);
    const what = to === null || from === null ? t("staleEdit.changedElsewhere", { field }) : t("staleEdit.changed", { field, from, to });
    if (change.field === "state") return what;
    return `${what} ${change.yours ? t("staleEdit.keptYours") : t("staleEdit.tookNew")}`;
  });

  return (
    <div className="form-errors stale-edit" role="alert">
      <p>
        <strong>{notice.unknownOrigin ? t("staleEdit.revisionMissing") : t("staleEdit.title")}</strong>
      </p>
      {lines.length ? (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p>{t("staleEdit.hint")}</p>
    </div>
  );
}
