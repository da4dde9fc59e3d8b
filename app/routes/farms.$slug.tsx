import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { titled } from "~/utils/meta";
import { ListingGrid } from "~/components/listing-card";
import { Photo, PHOTO_SIZES } from "~/components/photo";
import { Certifications, PhotoThumbs } from "~/components/trust";
import { getFarmPage } from "~/models/farm.server";
import { isSlug } from "~/validation/ids";
import { ReportBox } from "~/components/report-form";
import { getSessionUser } from "~/utils/session.server";
import { RatingFigure, ReviewList } from "~/components/reviews";
import { farmReviews } from "~/models/review.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? titled(`${data.farm.name} · Nông Sản Số`, data.farm.story) : titled("Nông Sản Số");

export async function loader({ request, params }: LoaderFunctionArgs) {
  // ?page=N: older listings; anything else is the first page (as on /search).
  const asked = new URL(request.url).searchParams.get("page") ?? "";
  const [found, user] = await Promise.all([
    isSlug(params.slug) ? getFarmPage(params.slug, /^\d{1,4}$/.test(asked) ? Number(asked) : 1) : null,
    getSessionUser(request),
  ]);
  if (!found) throw new Response("Not found", { status: 404 });
  return { ...found, ...(await farmReviews(found.farm.id)), signedIn: user !== null };
}

export default function FarmPage() {
  const t = useT();
  const { farm, listings, total, page, pages, signedIn, figures, reviews } = useLoaderData<typeof loader>();
  return (
    <article className="farm-page">
      <header className="farm-header">
        {farm.photos[0] ? <Photo photo={farm.photos[0]} sizes={PHOTO_SIZES.farmCover} priority="high" alt="" className="farm-cover" /> : null}
        <h1>
          {farm.name}
          {farm.verification === "verified" ? <span className="badge badge-verified">{t("farm.verified")}</span> : null}
        </h1>
        <p className="farm-rating">
          <RatingFigure rating={figures} />
        </p>
        <p className="meta">
          {t(`farmKinds.${farm.kind}`)} · {farm.addressLine ? `${farm.addressLine}, ` : ""}
          {farm.communeName}, {farm.provinceName}
        </p>
        {farm.latitude !== null && farm.longitude !== null ? (
          <p className="meta">
            <a href={`https://www.openstreetmap.org/?mlat=${farm.latitude}&mlon=${farm.longitude}#map=14/${farm.latitude}/${farm.longitude}`}>
              {t("farm.map")}
            </a>
          </p>
        ) : null}
      </header>
      {farm.story ? <p className="story">{farm.story}</p> : null}
      <Certifications items={farm.certifications} />
      <PhotoThumbs photos={farm.photos.slice(1)} />
      <section>
        <h2>{t("farm.listings", { count: total })}</h2>
        {/* With a cover above, the cover is the photo to fetch first; without one, the first card. */}
        <ListingGrid listings={listings} first={farm.photos[0] ? "lazy" : "high"} />
        {pages > 1 ? (
          <nav className="pagination" aria-label={t("search.pages")}>
            {page > 1 ? <Link to={page === 2 ? `/farms/${farm.slug}` : `/farms/${farm.slug}?page=${page - 1}`}>‹ {t("search.previous")}</Link> : null}
            <span>{t("search.pageOf", { page, pages })}</span>
            {page < pages ? <Link to={`/farms/${farm.slug}?page=${page + 1}`}>{t("search.next")} ›</Link> : null}
          </nav>
        ) : null}
      </section>
      <section className="reviews" aria-labelledby="farm-reviews">
        <h2 id="farm-reviews">{t("reviews.title")}</h2>
        <ReviewList reviews={reviews} reportable signedIn={signedIn} />
      </section>
      <ReportBox subject={{ type: "farm", id: farm.id }} signedIn={signedIn} />
    </article>
  );
}
