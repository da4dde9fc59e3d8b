/**
 * Field parsers shared by the forms: money in whole đồng, quantities with up
 * to three decimals, calendar dates, certification rows. Browser-safe.
 * Messages are i18n keys.
 */
import { z } from "./zod";

export const MAX_VND = 1_000_000_000_000; // one trillion đồng: more is a typo
export const MAX_QUANTITY = 99_999_999_999; // fits numeric(14,3)

/**
 * Whole đồng as people type it: "25000", "25.000", "25,000", "25 000 đ".
 * VND has no minor unit, so dots and commas can only be thousands separators.
 */
export function parseVnd(input: string): number | null {
  const cleaned = input.trim().replace(/\s*(đ|₫|vnd|vnđ)$/i, "").replace(/[\s.,]/g, "");
  if (!/^\d+$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A quantity: "12", "12,5" (Vietnamese decimal comma) or "12.5"; up to three
 * decimals. Thousands separators are not accepted here because "1.500" would
 * be ambiguous.
 */
export function parseQuantityInput(input: string): number | null {
  const cleaned = input.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,3})?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A signed decimal number ("-12", "10.5", "10,5"): no exponents, hex, signs on both ends or infinities. */
export function parseSignedDecimal(input: string): number | null {
  const cleaned = input.trim().replace(",", ".");
  return /^-?\d{1,15}(\.\d{1,15})?$/.test(cleaned) ? Number(cleaned) : null;
}

export function vndField(key: string) {
  return z
    .string({ error: `errors.${key}.required` })
    .transform((v, ctx) => {
      const n = parseVnd(v);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `errors.${key}.notNumber` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().int().min(1, `errors.${key}.positive`).max(MAX_VND, `errors.${key}.tooLarge`));
}

export function quantityField(key: string, options: { allowZero: boolean }) {
  return z
    .string({ error: `errors.${key}.required` })
    .transform((v, ctx) => {
      const trimmed = v.trim();
      if (trimmed.startsWith("-")) {
        ctx.addIssue({ code: "custom", message: `errors.${key}.negative` });
        return z.NEVER;
      }
      const n = parseQuantityInput(trimmed);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `errors.${key}.notNumber` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(
      z
        .number()
        .min(options.allowZero ? 0 : 0.001, `errors.${key}.${options.allowZero ? "negative" : "positive"}`)
        .max(MAX_QUANTITY, `errors.${key}.tooLarge`),
    );
}

/** A calendar day that exists ("2024-02-30" does not), years 1900 to 2999. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const isoDateField = z.string().refine(isRealDate, "errors.date.invalid");

export const CERTIFICATION_TYPES = ["vietgap", "globalgap", "organic", "ocop"] as const;
export type CertificationType = (typeof CERTIFICATION_TYPES)[number];

export type CertificationInput = {
  type: CertificationType;
  number: string;
  issuer: string;
  expiresOn: string | null;
  stars: number | null;
};

/** The most certification rows a form shows (the farm's). */
export const MAX_CERTIFICATION_ROWS = 3;

const certificationRow = z
  .object({
    type: z.enum(CERTIFICATION_TYPES, { error: "errors.certification.type" }).optional(),
    number: z.string().trim().max(80, "errors.certification.numberTooLong").optional(),
    issuer: z.string().trim().max(120, "errors.certification.issuerTooLong").optional(),
    expiresOn: isoDateField.optional(),
    stars: z.string().regex(/^\d{1,2}$/, "errors.certification.stars").transform(Number).optional(),
  })
  .superRefine((row, ctx) => {
    const filled = row.number || row.issuer || row.expiresOn || row.stars !== undefined;
    if (!row.type && filled) ctx.addIssue({ code: "custom", path: ["type"], message: "errors.certification.type" });
    if (row.type === "ocop" && (row.stars === undefined || row.stars < 1 || row.stars > 5)) {
      ctx.addIssue({ code: "custom", path: ["stars"], message: "errors.certification.stars" });
    }
  });

/** Certification rows of a form; blank rows are dropped, stars kept for OCOP only. */
export const certificationsField = z
  .array(certificationRow.optional())
  .max(MAX_CERTIFICATION_ROWS, "errors.form.tooManyRows")
  .optional()
  .transform((rows): CertificationInput[] =>
    (rows ?? []).flatMap((row) =>
      row?.type
        ? [
            {
              type: row.type,
              number: (row.number ?? "").normalize("NFC"),
              issuer: (row.issuer ?? "").normalize("NFC"),
              expiresOn: row.expiresOn ?? null,
              stars: row.type === "ocop" ? (row.stars ?? null) : null,
            },
          ]
        : [],
    ),
  );

/** Photo limits, shown in forms and enforced on the server. */
export const MAX_PHOTOS = 8;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

// Checked as a whole so that the error is the field's, shown beside the photos.
export const photoIdsField = z
  .array(z.string())
  .max(MAX_PHOTOS, "errors.photos.tooMany")
  .refine((ids) => ids.every((id) => z.uuid().safeParse(id).success), "errors.photos.invalid")
  .optional()
  .transform((v) => v ?? []);

export function nfcText(max: number, key: string) {
  return z
    .string()
    .trim()
    .max(max, `errors.${key}.tooLong`)
    .optional()
    .transform((v) => (v ?? "").normalize("NFC"));
}
