import type { Translate } from "~/utils/use-t";
import { useT } from "~/utils/use-t";
import { PhotoPlaceholder } from "~/components/ui/placeholder";
import type { PhotoView } from "~/models/photo.server";
import { Photo, PHOTO_SIZES, type PhotoPriority } from "~/components/photo";
import { plainLink, usePlainLinks } from "~/components/plain-links";
import type { Unit } from "~/models/units";

/** What a card shows: a listing from the catalogue or a search hit. */
export type Card = {
  id: number;
  title: string;
  slug: string;
  unit: Unit;
  priceVnd: number;
  farmName: string;
  farmSlug: string;
  provinceName: string;
  /** Both sizes: the card's srcset offers the large one to wide, dense screens (decision 049). */
  photo: PhotoView | null;
  bulk: boolean;
  availableFrom: string | null;
  /** The farm is verified (decision 036). */
  verifiedFarm: boolean;
  /** Average stars and count (decision 040); null or absent without reviews. */
  rating?: { average: number; count: number } | null;
};
import { useLocale } from "~/utils/root-data";
import { formatDate, formatVnd, type Locale } from "~/utils/i18n";
import { todayIso } from "~/utils/dates";

/**
 * Only what a card shows, for loaders that pass on wider rows (search hits
 * carry stock, scores and counts): everything a loader
 * returns is serialised into the page for hydration.
 */
export function cardOf(l: Card): Card {
  return {
    id: l.id, title: l.title, slug: l.slug, unit: l.unit, priceVnd: l.priceVnd, farmName: l.farmName, farmSlug: l.farmSlug,
    provinceName: l.provinceName, photo: l.photo, bulk: l.bulk, availableFrom: l.availableFrom,
    verifiedFarm: l.verifiedFarm, rating: l.rating ?? null,
  };
}

/**
 * The grid reads the translator, the locale and the date once and hands them to its 24 cards.
 * The first photo of the grid is fetched at once and first (it is what a phone shows first, or just
 * below the fold); the rest load lazily (decision 049). A page with a bigger photo above the grid
 * (a farm's cover) passes first="lazy".
 * The cards' links are plain links that one handler on the grid navigates in the page
 * (components/plain-links.tsx): 48 Remix links were ~2 ms of the home page's ~11 ms of server CPU.
 */
export function ListingGrid({ listings, first = "high" }: { listings: Card[]; first?: PhotoPriority }) {
  const t = useT();
  const locale = useLocale();
  const onClick = usePlainLinks();
  if (!listings.length) return <p className="empty">{t("listing.none")}</p>;
  const today = todayIso();
  // The first card with a photo: a card without one draws its placeholder in CSS, with nothing to fetch.
  const firstPhoto = listings.findIndex((l) => l.photo);
  return (
    <ul className="listing-grid" onClick={onClick}>
      {listings.map((l, i) => (
        <li key={l.id}>
          <ListingCard listing={l} t={t} locale={locale} today={today} priority={i === firstPhoto ? first : "lazy"} />
        </li>
      ))}
    </ul>
  );
}

export function ListingCard({
  listing,
  t,
  locale,
  today,
  priority = "lazy",
}: {
  listing: Card;
  t: Translate;
  locale: Locale;
  today: string;
  priority?: PhotoPriority;
}) {
  const preOrder = listing.availableFrom !== null && listing.availableFrom > today;
  return (
    <article className="listing-card">
      <a {...plainLink(`/listings/${listing.id}/${listing.slug}`)} className="listing-card-link">
        {listing.photo ? (
          <Photo photo={listing.photo} sizes={PHOTO_SIZES.card} priority={priority} alt="" box={{ width: 400, height: 300 }} />
        ) : (
          <PhotoPlaceholder />
        )}
        <h3>{listing.title}</h3>
      </a>
      <p className="price">
        {formatVnd(listing.priceVnd, locale)}
        <span className="per-unit">{` / ${t(`units.${listing.unit}`)}`}</span>
      </p>
      <p className="meta">
        <a {...plainLink(`/farms/${listing.farmSlug}`)}>{listing.farmName}</a>
        {` · ${listing.provinceName}`}
      </p>
      {listing.rating && listing.rating.count > 0 ? (
        <p className="meta rating">
          <span aria-hidden="true">★ </span>
          {t("reviews.average", { average: listing.rating.average.toFixed(1), count: listing.rating.count })}
        </p>
      ) : null}
      <p className="badges">
        {preOrder && listing.availableFrom ? (
          <span className="badge badge-preorder">{t("listing.preOrderFrom", { date: formatDate(listing.availableFrom, locale) })}</span>
        ) : null}
        {listing.bulk ? <span className="badge">{t("listing.bulkPrices")}</span> : null}
        {listing.verifiedFarm ? <span className="badge badge-verified">{t("farm.verified")}</span> : null}
      </p>
    </article>
  );
}
