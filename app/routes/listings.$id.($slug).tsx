import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { titled } from "~/utils/meta";
import { parseId } from "~/validation/ids";
import { PhotoPlaceholder } from "~/components/ui/placeholder";
import { Photo, PHOTO_SIZES, preloadPhoto } from "~/components/photo";
import { Certifications, PhotoThumbs, PriceTable } from "~/components/trust";
import { effectiveState, getListingPage, isPreOrder } from "~/models/listing.server";
import { formatDate, formatQuantity, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { getSessionUser } from "~/utils/session.server";
import { actorOf } from "~/utils/actor.server";
import { SubmitButton } from "~/components/ui/submit-button";
import { ModerationNotice } from "~/components/moderation-notice";
import { ReportBox } from "~/components/report-form";
import { RatingFigure, ReviewList } from "~/components/reviews";
import { listingReviews } from "~/models/review.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return titled("Nông Sản Số");
  const tags = titled(`${data.listing.title} · ${data.listing.farm.name} · Nông Sản Số`, data.listing.description);
  // The cover is the page's largest paint: fetched from the head, before the CSS and scripts (decision 049).
  const cover = data.listing.photos[0];
  return cover ? [...tags, preloadPhoto(cover, PHOTO_SIZES.listingCover)] : tags;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  if (id === null) throw new Response("Not found", { status: 404 });
  const user = await getSessionUser(request);
  const page = await getListingPage(id, user ? actorOf(user) : null, { ratings: true });
  if (!page) throw new Response("Not found", { status: 404 });
  const { listing, canManage, relation, ratings } = page;
  // The edit link opens the seller pages, which are about the farm acted for now (or one's own).
  const sellerFarmIsThis = user?.actingFarmId != null ? user.actingFarmId === listing.farmId : relation?.role === "owner";
  if (params.slug !== listing.slug) throw redirect(`/listings/${listing.id}/${listing.slug}`, 301);
  // The stars came with the listing; its reviews are one more query.
  return {
    rating: ratings.rating,
    farmRating: ratings.farmRating,
    reviews: await listingReviews(listing.id),
    listing,
    shownState: effectiveState(listing.state, listing.availableTo),
    preOrder: isPreOrder(listing.availableFrom),
    isOwner: canManage && sellerFarmIsThis,
    signedIn: user !== null,
  };
}

export default function ListingPage() {
  const t = useT();
  const locale = useLocale();
  const { listing, shownState, preOrder, isOwner, signedIn, rating, farmRating, reviews } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const added = params.get("added") === "1";
  const unitName = t(`units.${listing.unit}`);
  const [cover, ...more] = listing.photos;
  return (
    <article className="listing-page">
      <nav className="breadcrumbs" aria-label={t("nav.breadcrumbs")}>
        <Link to="/">{t("brand")}</Link> ›{" "}
        <Link to={`/search?category=${listing.categorySlug}`}>
          {locale === "en" ? listing.categoryNameEn : listing.categoryNameVi}
        </Link>
      </nav>
      <div className="listing-layout">
        <div className="gallery">
          {cover ? (
            <Photo photo={cover} sizes={PHOTO_SIZES.listingCover} priority="high" alt={listing.title} className="cover" />
          ) : (
            <PhotoPlaceholder large />
          )}
          <PhotoThumbs photos={more} />
        </div>
        <div className="listing-info">
          <h1>{listing.title}</h1>
          <p>
            <RatingFigure rating={rating} />
          </p>
          <ModerationNotice moderation={listing.moderation} sellerSuspended={listing.sellerSuspended} listingId={listing.id} canAsk={isOwner} />
          {shownState !== "active" ? <p className={`state state-${shownState}`}>{t(`states.${shownState}`)}</p> : null}
          <p className="price big">
            {formatVnd(listing.priceVnd, locale)} <span className="per-unit">/ {unitName}</span>
          </p>
          {/* Right under the price, so that on a phone the buyer can add it without scrolling. */}
          {shownState === "active" && listing.stock > 0 ? (
            <Form method="post" action="/cart" className="add-to-cart">
              <input type="hidden" name="listingId" value={listing.id} />
              <input type="hidden" name="redirectTo" value={`/listings/${listing.id}/${listing.slug}`} />
              <label>
                <span className="field-label">{t("cart.quantity", { unit: unitName })}</span>
                <input name="quantity" defaultValue={String(listing.minOrderQty)} inputMode="decimal" size={8} />
              </label>
              <SubmitButton name="intent" value="add" className="button primary">
                {t("cart.add")}
              </SubmitButton>
              {added ? (
                <p className="notice" role="status">
                  {t("cart.added")} <Link to="/cart">{t("cart.view")}</Link>
                </p>
              ) : null}
            </Form>
          ) : null}
          <dl className="facts">
            {listing.variety ? (
              <>
                <dt>{t("listing.variety")}</dt>
                <dd>{listing.variety}</dd>
              </>
            ) : null}
            {listing.grade ? (
              <>
                <dt>{t("listing.grade")}</dt>
                <dd>{listing.grade}</dd>
              </>
            ) : null}
            <dt>{t("listing.stock")}</dt>
            <dd>
              {formatQuantity(listing.stock, locale)} {unitName}
            </dd>
            <dt>{t("listing.minOrder")}</dt>
            <dd>
              {formatQuantity(listing.minOrderQty, locale)} {unitName}
            </dd>
            {listing.availableFrom || listing.availableTo ? (
              <>
                <dt>{t("listing.harvest")}</dt>
                <dd>
                  {listing.availableFrom ? formatDate(listing.availableFrom, locale) : "…"} –{" "}
                  {listing.availableTo ? formatDate(listing.availableTo, locale) : "…"}
                  {preOrder ? <span className="badge badge-preorder">{t("listing.preOrder")}</span> : null}
                </dd>
              </>
            ) : null}
            {listing.deliveryOptions.length ? (
              <>
                <dt>{t("listing.delivery")}</dt>
                <dd>{listing.deliveryOptions.map((d) => t(`delivery.${d}`)).join(", ")}</dd>
              </>
            ) : null}
            {listing.lotCode ? (
              <>
                <dt>{t("lots.listingLot")}</dt>
                <dd>
                  <Link to={`/t/${listing.lotCode}`}>{t("lots.traceLink", { code: listing.lotCode })}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          <PriceTable basePriceVnd={listing.priceVnd} minOrderQty={listing.minOrderQty} tiers={listing.tiers} unit={listing.unit} />
          <Certifications items={listing.certifications} />
          <section className="farm-box" aria-label={t("listing.farm")}>
            <h2>
              <Link to={`/farms/${listing.farm.slug}`}>{listing.farm.name}</Link>
              {listing.farm.verification === "verified" ? <span className="badge badge-verified">{t("farm.verified")}</span> : null}
            </h2>
            <p>
              {listing.farm.communeName}, {listing.farm.provinceName}
            </p>
            <p>
              <RatingFigure rating={farmRating} />
            </p>
            {/* Buyer–farm messages (decision 041): a plain link; the page asks visitors to log in. */}
            {isOwner ? null : (
              <p>
                <Link to={`/messages/new?listing=${listing.id}`} className="button">
                  {t("messages.askFarm")}
                </Link>
              </p>
            )}
          </section>
          {isOwner ? (
            <p>
              <Link to={`/sell/listings/${listing.id}/edit`} className="button">
                {t("sell.edit")}
              </Link>
            </p>
          ) : (
            <ReportBox subject={{ type: "listing", id: listing.id }} signedIn={signedIn} />
          )}
        </div>
      </div>
      {listing.description ? (
        <section className="description">
          <h2>{t("listing.description")}</h2>
          {listing.description.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
      ) : null}
      {reviews.length ? (
        <section className="reviews">
          <h2>{t("reviews.title")}</h2>
          <ReviewList reviews={reviews} reportable signedIn={signedIn} />
        </section>
      ) : null}
    </article>
  );
}
