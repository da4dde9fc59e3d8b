/**
 * Reviews (decision 040): the forms' schemas, shared by the browser and the
 * server. Messages are i18n keys. Text arrives NFC without control
 * characters (readForm); here it is trimmed and bounded.
 */
import { z } from "./zod";
import { idField } from "./ids";

export const STARS = ["1", "2", "3", "4", "5"] as const;
export const MAX_REVIEW_CHARS = 2000;
export const MAX_REPLY_CHARS = 1000;
/** Photos one review may carry. */
export const MAX_REVIEW_PHOTOS = 4;

const starsField = (message: string) => z.enum(STARS, { error: message }).transform(Number);

/** A line rated apart: the name of its select, `line-<listingId>`. */
export const LINE_FIELD = /^line-([1-9]\d{0,9})$/;

export const reviewSchema = z.object({
  stars: starsField("reviews.errors.stars"),
  body: z
    .string()
    .trim()
    .max(MAX_REVIEW_CHARS, `reviews.errors.bodyTooLong|${MAX_REVIEW_CHARS}`)
    .optional()
    .transform((v) => v ?? ""),
});

/**
 * The lines rated apart (`line-<id>` = 1–5; empty: the review's stars).
 * Errors come back under the line's own field name.
 */
export function parseLineStars(form: Record<string, unknown>): { lines: Map<number, number>; errors: Record<string, string[]> } {
  const lines = new Map<number, number>();
  const errors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    const match = LINE_FIELD.exec(name);
    if (!match || value === "") continue;
    const parsed = starsField("reviews.errors.lineStars").safeParse(value);
    if (parsed.success) lines.set(Number(match[1]), parsed.data);
    else errors[name] = ["reviews.errors.lineStars"];
  }
  return { lines, errors };
}

export type ReviewInput = z.infer<typeof reviewSchema> & { lines: Map<number, number>; photoIds: string[] };

export const replySchema = z.object({
  reviewId: idField("reviews.errors.review"),
  reply: z
    .string({ error: "reviews.errors.replyRequired" })
    .trim()
    .min(2, "reviews.errors.replyRequired")
    .max(MAX_REPLY_CHARS, `reviews.errors.replyTooLong|${MAX_REPLY_CHARS}`),
});

export { MIN_RATINGS } from "./choices";
