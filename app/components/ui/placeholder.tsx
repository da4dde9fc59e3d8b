/**
 * Shown where a listing or farm has no photo yet: a leaf, drawn by the
 * stylesheet (.photo-placeholder in app/styles.css, an inline SVG image), so
 * a page of 24 cards without photos does not carry 24 copies of the drawing
 * (three elements each, about 250 bytes) through server rendering and HTML.
 */
export function PhotoPlaceholder({ large = false }: { large?: boolean }) {
  return <div className={`photo-placeholder${large ? " large" : ""}`} aria-hidden="true" />;
}
