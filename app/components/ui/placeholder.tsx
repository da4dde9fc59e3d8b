/** Shown where a listing or farm has no photo yet: a leaf, drawn inline (no font or request needed). */
export function PhotoPlaceholder({ large = false }: { large?: boolean }) {
  return (
    <div className={`photo-placeholder${large ? " large" : ""}`} aria-hidden="true">
      <svg viewBox="0 0 64 64" width={large ? 96 : 48} height={large ? 96 : 48}>
        <path d="M12 52C12 28 28 12 54 10c-2 26-18 42-42 42z" fill="#8bc48a" />
        <path d="M12 52C22 40 32 30 46 20" stroke="#2f7d32" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
    </div>
  );
}
