import { useT } from "~/utils/use-t";
import type { PriceTier } from "~/models/pricing";
import type { Unit } from "~/models/units";
import { todayIso } from "~/utils/dates";
import { formatDate, formatQuantity, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import type { CertificationInput } from "~/validation/fields";

/** The certifications in force on `today` (YYYY-MM-DD): valid through their expiry date, not after (decision 036). */
export function certificationsInForce<C extends { expiresOn: string | null }>(items: C[], today: string): C[] {
  return items.filter((c) => !c.expiresOn || c.expiresOn >= today);
}

/** The certifications in force: one past its expiry date is no longer shown as valid. */
export function Certifications({ items: all }: { items: CertificationInput[] }) {
  const t = useT();
  const locale = useLocale();
  const items = certificationsInForce(all, todayIso());
  if (!items.length) return null;
  return (
    <ul className="certifications">
      {items.map((c, i) => (
        <li key={`${c.type}-${i}`} className={`cert cert-${c.type}`}>
          <strong>
            {t(`certifications.${c.type}`)}
            {c.type === "ocop" && c.stars ? ` ${"★".repeat(c.stars)}` : ""}
          </strong>
          {c.number ? <span> · {t("certifications.number", { number: c.number })}</span> : null}
          {c.issuer ? <span> · {c.issuer}</span> : null}
          {c.expiresOn ? <span> · {t("certifications.expires", { date: formatDate(c.expiresOn, locale) })}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function PriceTable({ basePriceVnd, minOrderQty, tiers, unit }: { basePriceVnd: number; minOrderQty: number; tiers: PriceTier[]; unit: Unit }) {
  const t = useT();
  const locale = useLocale();
  if (!tiers.length) return null;
  const unitName = t(`units.${unit}`);
  const rows = [{ minQty: minOrderQty, priceVnd: basePriceVnd }, ...tiers];
  return (
    <table className="price-tiers">
      <caption>{t("listing.tiers")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("listing.tierQty")}</th>
          <th scope="col">{t("listing.tierPrice")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.minQty}>
            <td>
              {t("listing.fromQty", { qty: formatQuantity(r.minQty, locale), unit: unitName })}
            </td>
            <td>
              {formatVnd(r.priceVnd, locale)} / {unitName}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** More photos, small, each linking to its large version. */
export function PhotoThumbs({ photos }: { photos: { id: string; sm: string; lg: string }[] }) {
  if (!photos.length) return null;
  return (
    <ul className="thumbs">
      {photos.map((p) => (
        <li key={p.id}>
          <a href={p.lg}>
            <img src={p.sm} alt="" width={160} height={120} loading="lazy" decoding="async" />
          </a>
        </li>
      ))}
    </ul>
  );
}
