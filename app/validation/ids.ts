/** Record ids from URLs and forms: whole numbers that fit PostgreSQL's integer. */
export const MAX_ID = 2_147_483_647;

export function parseId(value: unknown): number | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const text = String(value);
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ID ? id : null;
}
