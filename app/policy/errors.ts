/**
 * One error type for refusals by the domain: a code (an i18n key), the
 * field it concerns when there is one, parameters for the message, and the
 * HTTP status a page or the API answers with. Commands throw it; adapters
 * map it in one place: `toFormErrors()` for a form, `refusal()` / `refusing()`
 * (app/utils/actor.server.ts) for the 404/403 page.
 *
 * - "not_found" (404): the subject does not exist, or the actor has no part
 *   in it — a stranger learns nothing;
 * - "forbidden" (403): the actor has a part but not this right (a helper
 *   outside the consent's scope, a consent withdrawn);
 * - "conflict" (409): the state moved on (a stale form, a move no longer allowed);
 * - "invalid" (422): input that passed the form schema but not the rules.
 */
export type DomainErrorKind = "not_found" | "forbidden" | "conflict" | "invalid";

const STATUS: Record<DomainErrorKind, number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 422 };

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly kind: DomainErrorKind,
    /** An i18n key: what the person reads. */
    readonly code: string,
    readonly options: { field?: string; params?: Record<string, string | number> } = {},
  ) {
    super(`${kind}: ${code}${options.field ? ` (${options.field})` : ""}`);
    this.status = STATUS[kind];
  }

  get field(): string | undefined {
    return this.options.field;
  }

  /** The message as the forms carry it: "key" or "key|param" (as FieldErrors do). */
  get formMessage(): string {
    const params = Object.values(this.options.params ?? {});
    return params.length ? `${this.code}|${params.join("|")}` : this.code;
  }

  /** The one mapping to a form's errors: beside the field it names, or above the form. */
  toFormErrors(): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
    return this.field ? { formErrors: [], fieldErrors: { [this.field]: [this.formMessage] } } : { formErrors: [this.formMessage], fieldErrors: {} };
  }
}

export const notFound = () => new DomainError("not_found", "errors.page.notFound");
export const forbidden = (code = "errors.page.forbidden") => new DomainError("forbidden", code);
