import { DomainError } from "~/policy/errors";

/**
 * A rule broken by input that passed the form schema but failed against the
 * database (an unknown commune, a slug taken): the "invalid" kind of the one
 * domain error (DomainError, decision 024), with the fields it names. Actions
 * turn it into errors beside the named fields.
 */
export class FieldErrors extends DomainError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    const [field] = Object.keys(fieldErrors);
    super("invalid", fieldErrors[field]?.[0] ?? "errors.form.invalid", { field: field || undefined });
    this.message = `Invalid fields: ${Object.keys(fieldErrors).join(", ")}`;
  }

  override toFormErrors(): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
    const { "": formErrors = [], ...fieldErrors } = this.fieldErrors;
    return { formErrors, fieldErrors };
  }
}
