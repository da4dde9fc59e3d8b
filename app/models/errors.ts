/**
 * A rule broken by input that passed the form schema but failed against the
 * database (an unknown commune, a slug taken). Actions turn it into errors
 * beside the named fields.
 */
export class FieldErrors extends Error {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(`Invalid fields: ${Object.keys(fieldErrors).join(", ")}`);
  }
}
