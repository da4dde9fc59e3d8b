/** Record ids from URLs and forms: whole numbers that fit PostgreSQL's integer. */
import { z } from "./zod";

export const MAX_ID = 2_147_483_647;

/** Decimal digits only: "0x10", "1e3", "+7", " 7" and "07" are not ids. */
export function parseId(value: unknown): number | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const text = String(value);
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ID ? id : null;
}

/** An id posted in a form (a hidden field); `message` is the i18n key shown when it is not one. */
export function idField(message: string) {
  return z.string({ error: message }).transform((v, ctx) => {
    const id = parseId(v);
    if (id === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return id;
  });
}

/** A slug in a URL (farms): what slugs are made of, so nothing else reaches the database. */
export function isSlug(value: string | undefined): value is string {
  return value !== undefined && value.length <= 80 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}
