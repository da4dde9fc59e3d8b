/**
 * Field parsers shared by the forms: money in whole đồng, quantities with up
 * to three decimals, calendar dates, certification rows. Browser-safe.
 * Messages are i18n keys.
 */
import { isRealDate, MAX_PHOTOS, MAX_QUANTITY, MAX_VND, parseQuantityInput, parseVnd } from "./amounts";
import { CERTIFICATION_TYPES, type CertificationType } from "./choices";
import { z } from "./zod";

export { isRealDate, MAX_QUANTITY, MAX_VND, parseQuantityInput, parseSignedDecimal, parseVnd } from "./amounts";

/**
 * The field helpers below take the messages' prefix as written at the call
 * ("errors.<field>"): the dictionary's errors travel by that part (decision
 * 048), and the build finds which parts a page can show by such literals.
 */
export function vndField(key: string) {
  return z
    .string({ error: `${key}.required` })
    .transform((v, ctx) => {
      const n = parseVnd(v);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `${key}.notNumber` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().int().min(1, `${key}.positive`).max(MAX_VND, `${key}.tooLarge`));
}

export function quantityField(key: string, options: { allowZero: boolean }) {
  return z
    .string({ error: `${key}.required` })
    .transform((v, ctx) => {
      const trimmed = v.trim();
      if (trimmed.startsWith("-")) {
        ctx.addIssue({ code: "custom", message: `${key}.negative` });
        return z.NEVER;
      }
      const n = parseQuantityInput(trimmed);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `${key}.notNumber` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(
      z
        .number()
        .min(options.allowZero ? 0 : 0.001, `${key}.${options.allowZero ? "negative" : "positive"}`)
        .max(MAX_QUANTITY, `${key}.tooLarge`),
    );
}

export const isoDateField = z.string().refine(isRealDate, "errors.date.invalid");

export { CERTIFICATION_TYPES, type CertificationType };

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
export { MAX_PHOTO_BYTES, MAX_PHOTOS } from "./amounts";

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
    .max(max, `${key}.tooLong`)
    .optional()
    .transform((v) => (v ?? "").normalize("NFC"));
}
