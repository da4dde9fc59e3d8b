import { z } from "./zod";
import { certificationsField, nfcText, parseSignedDecimal, photoIdsField } from "./fields";

export const FARM_KINDS = ["household", "coop", "enterprise"] as const;

/** Degrees in decimal notation, with a point or a Vietnamese decimal comma ("10,762"). */
const coordinate = (limit: number, key: string) =>
  z.string({ error: `${key}.invalid` }).transform((v, ctx) => {
    const n = parseSignedDecimal(v);
    if (n === null || Math.abs(n) > limit) {
      ctx.addIssue({ code: "custom", message: `${key}.invalid` });
      return z.NEVER;
    }
    return n;
  });

export const farmSchema = z
  .object({
    name: z
      .string({ error: "errors.farmName.required" })
      .trim()
      .min(2, "errors.farmName.tooShort")
      .max(120, "errors.farmName.tooLong")
      .transform((v) => v.normalize("NFC")),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "errors.slug.invalid")
      .min(3, "errors.slug.invalid")
      .max(60, "errors.slug.invalid")
      .optional(),
    kind: z.enum(FARM_KINDS, { error: "errors.farmKind.required" }),
    story: nfcText(2000, "errors.story"),
    provinceCode: z.string({ error: "errors.province.required" }).regex(/^\d{2}$/, "errors.province.unknown"),
    communeCode: z.string({ error: "errors.commune.required" }).regex(/^\d{5}$/, "errors.commune.unknown"),
    addressLine: nfcText(200, "errors.addressLine"),
    latitude: coordinate(90, "errors.latitude").optional(),
    longitude: coordinate(180, "errors.longitude").optional(),
    certifications: certificationsField,
    photoIds: photoIdsField,
  })
  .superRefine((v, ctx) => {
    if ((v.latitude === undefined) !== (v.longitude === undefined)) {
      const path = v.latitude === undefined ? "latitude" : "longitude";
      ctx.addIssue({ code: "custom", path: [path], message: "errors.mapPoint.both" });
    }
  });

export type FarmInput = z.infer<typeof farmSchema>;
