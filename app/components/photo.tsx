/**
 * How a stored photo goes on a page (decision 049): both WebP variants as a
 * `srcset` with the width each really has, a `sizes` saying how wide the
 * image is laid out, width and height so the box is reserved before the
 * bytes come, and either "lazy" (the default: below the fold) or "eager"
 * with a high fetch priority (the one image that is likely the page's
 * largest paint: a listing's cover, a farm's cover, the first card).
 */
import type { PhotoView } from "~/models/photo.server";

/** The widths photo.server.ts stores (PHOTO_VARIANTS); a smaller original is never enlarged. */
const SM = 400;
const LG = 1200;

type Sized = Pick<PhotoView, "sm" | "lg" | "width" | "height">;

/** The `srcset` of a photo: each variant at the width it was stored at (one entry when both are the same size). */
export function photoSrcSet(photo: Sized): string {
  const sm = Math.min(SM, photo.width || SM);
  const lg = Math.min(LG, photo.width || LG);
  return lg > sm ? `${photo.sm} ${sm}w, ${photo.lg} ${lg}w` : `${photo.sm} ${sm}w`;
}

/**
 * `sizes` for each place a photo is laid out, from app/styles.css (page:
 * max 72rem with 1rem padding, 0.75rem under 30rem; card grid: two columns
 * under 30rem, else columns of 10.5rem–16.2rem; listing layout: 1.1fr 1fr
 * from 48rem). Keep these in step with the CSS.
 */
export const PHOTO_SIZES = {
  card: "(max-width: 29.99rem) calc(50vw - 1.05rem), 16.2rem",
  listingCover: "(max-width: 47.99rem) calc(100vw - 1.5rem), (max-width: 72rem) calc(52.4vw - 1.8rem), 36rem",
  farmCover: "(max-width: 72rem) calc(100vw - 1.5rem), 70rem",
} as const;

/**
 * "high": eager, fetched first, decoded as the browser sees fit (an async
 * decode could only delay the largest paint); "lazy": fetched when near the
 * viewport, decoded off the main thread.
 */
export type PhotoPriority = "high" | "lazy";

/** The attributes of an <img> (or, with `imageSrcSet`, a preload link) for a photo. */
export function photoImgProps(photo: Sized, sizes: string, priority: PhotoPriority, box?: { width: number; height: number }) {
  const common = { src: photo.sm, srcSet: photoSrcSet(photo), sizes, width: box?.width ?? photo.width, height: box?.height ?? photo.height };
  // React 18 knows no fetchPriority prop: the lowercase attribute goes through to the HTML as is.
  return priority === "high"
    ? { ...common, loading: "eager" as const, ...({ fetchpriority: "high" } as object) }
    : { ...common, loading: "lazy" as const, decoding: "async" as const };
}

export function Photo({
  photo,
  sizes,
  priority = "lazy",
  alt,
  className,
  box,
}: {
  photo: Sized;
  sizes: string;
  priority?: PhotoPriority;
  alt: string;
  className?: string;
  /** The box the CSS lays it out in, when not the photo's own proportions (cards: 4:3, cropped). */
  box?: { width: number; height: number };
}) {
  return <img {...photoImgProps(photo, sizes, priority, box)} alt={alt} className={className} />;
}

/**
 * A `<link rel=preload>` for a route's meta function: the browser starts on
 * the cover photo while it is still reading the head (CSS, scripts), picking
 * the same candidate the <img> will (same srcset and sizes).
 */
export function preloadPhoto(photo: Sized, sizes: string) {
  return { tagName: "link", rel: "preload", as: "image", imageSrcSet: photoSrcSet(photo), imageSizes: sizes, fetchpriority: "high" } as const;
}
