/**
 * Farm verification (issue 13, decision 036): the papers a farm submits and
 * a moderator's review of one. Browser-safe: shared by the forms and the
 * actions. Messages are i18n keys.
 */
import { z } from "./zod";
import { isoDateField } from "./fields";
import { idField } from "./ids";

export const DOCUMENT_KINDS = ["household_registration", "business_registration", "coop_licence", "certificate"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * The certifications a certificate paper may be for: standards a body
 * certifies the farm against. OCOP rates a product (with stars) and stays
 * declared on the listing (decision 036).
 */
export const DOCUMENT_CERTIFICATIONS = ["vietgap", "globalgap", "organic"] as const;

const text = (key: string, max: number) =>
  z
    .string({ error: `errors.verification.${key}Required` })
    .trim()
    .min(1, `errors.verification.${key}Required`)
    .max(max, `errors.verification.${key}TooLong`)
    .transform((v) => v.normalize("NFC"));

// Forms arrive through conform, which reads an empty field as absent.
const optionalDate = isoDateField.optional().transform((v) => v ?? null);

export const documentSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS, { error: "errors.verification.kind" }),
    certificationType: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(DOCUMENT_CERTIFICATIONS, { error: "errors.verification.certificationType" }).optional()),
    number: text("number", 80),
    issuer: text("issuer", 160),
    issuedOn: optionalDate,
    expiresOn: optionalDate,
  })
  .superRefine((d, ctx) => {
    if (d.kind === "certificate" && !d.certificationType) {
      ctx.addIssue({ code: "custom", path: ["certificationType"], message: "errors.verification.certificationType" });
    }
    // A certificate is valid until a date: without it, no reminder and no expiry could follow.
    if (d.kind === "certificate" && !d.expiresOn) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "errors.verification.expiresRequired" });
    if (d.issuedOn && d.expiresOn && d.issuedOn > d.expiresOn) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "errors.verification.expiresBeforeIssued" });
    }
  })
  .transform((d) => ({ ...d, certificationType: d.kind === "certificate" ? (d.certificationType ?? null) : null }));
export type DocumentInput = z.infer<typeof documentSchema>;

export const REVIEW_DECISIONS = ["approve", "reject"] as const;

export const reviewSchema = z
  .object({
    documentId: idField("errors.form.tampered"),
    decision: z.enum(REVIEW_DECISIONS, { error: "errors.form.tampered" }),
    reason: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim().normalize("NFC"))
      .pipe(z.string().max(500, "errors.verification.reasonTooLong")),
  })
  .superRefine((r, ctx) => {
    if (r.decision === "reject" && r.reason === "") ctx.addIssue({ code: "custom", path: ["reason"], message: "errors.verification.reasonRequired" });
  });
export type ReviewInput = z.infer<typeof reviewSchema>;
