/**
 * Reviews on pages (decision 040): stars, an average with its count, and a
 * list of reviews with the farm's reply, photos and a way to report one.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatInstant } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

type Photo = { id: string; sm: string; lg: string; width: number; height: number };

export type ShownReview = {
  id: number;
  stars: number;
  body: string;
  createdAt: Date | string;
  buyerName: string;
  reply: { text: string; at: Date | string } | null;
  hidden: { reason: string } | null;
  photos: Photo[];
  lines: { listingId: number; title: string; stars: number }[];
};

/** Stars as text (★★★★☆) with what they say for screen readers. */
export function Stars({ value }: { value: number }) {
  const t = useT();
  const full = Math.round(value);
  return (
    <span className="stars" role="img" aria-label={t("reviews.starsLabel", { stars: value })}>
      {"★".repeat(full)}
      {"☆".repeat(5 - full)}
    </span>
  );
}

/** "★ 4.5 (12 đánh giá)"; nothing without reviews. */
export function RatingFigure({ rating, className }: { rating: { average: number; count: number } | null | undefined; className?: string }) {
  const t = useT();
  if (!rating || rating.count === 0) return null;
  return (
    <span className={`rating ${className ?? ""}`.trim()}>
      <span aria-hidden="true">★ </span>
      {t("reviews.average", { average: rating.average.toFixed(1), count: rating.count })}
    </span>
  );
}

export function ReviewList({
  reviews,
  reportable,
  signedIn,
  footer,
}: {
  reviews: ShownReview[];
  /** Shows a "Báo cáo" link under each review. */
  reportable?: boolean;
  signedIn?: boolean;
  /** What goes under a review (the farm's reply form). */
  footer?: (review: ShownReview) => ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  if (reviews.length === 0) return <p className="empty">{t("reviews.none")}</p>;
  return (
    <ol className="review-list">
      {reviews.map((r) => {
        const reportPath = `/report?type=review&id=${r.id}`;
        return (
          <li key={r.id} id={`review-${r.id}`} className="card review">
            <p className="review-head">
              <Stars value={r.stars} /> <strong>{r.buyerName}</strong> · <span className="meta">{formatInstant(new Date(r.createdAt), locale)}</span>
            </p>
            {r.hidden ? (
              <p className="notice" role="status">
                {t("reviews.hiddenBecause", { reason: r.hidden.reason })}
              </p>
            ) : null}
            {r.body ? <p className="review-body">{r.body}</p> : null}
            {r.lines.length ? (
              <ul className="review-lines">
                {r.lines.map((l) => (
                  <li key={l.listingId}>
                    {l.title}: <Stars value={l.stars} />
                  </li>
                ))}
              </ul>
            ) : null}
            {r.photos.length ? (
              <ul className="review-photos">
                {r.photos.map((p) => (
                  <li key={p.id}>
                    <a href={p.lg}>
                      <img src={p.sm} alt={t("reviews.photoAlt", { name: r.buyerName })} width={160} height={120} loading="lazy" decoding="async" />
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
            {r.reply ? (
              <div className="review-reply">
                <p className="meta">{t("reviews.farmReplied")}</p>
                <p>{r.reply.text}</p>
              </div>
            ) : null}
            {footer?.(r)}
            {reportable ? (
              <p className="report-box">
                <Link to={signedIn ? reportPath : `/login?redirectTo=${encodeURIComponent(reportPath)}`}>{t("reviews.report")}</Link>
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
