/**
 * Vietnamese text folding: the one function that turns "Cà chua Đà Lạt" into
 * "ca chua da lat". Used for slugs now and for search (documents and queries
 * alike) so that both sides always fold the same way.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/** A URL slug: folded, ASCII letters and digits joined by single hyphens. */
export function slugify(text: string, maxLength = 80): string {
  const slug = foldVietnamese(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
  return slug || "san-pham";
}
