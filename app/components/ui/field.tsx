/**
 * Form primitives: a labelled field with its errors beside it. Errors arrive
 * as i18n keys from the zod schemas and are translated here.
 */
import { useT } from "~/utils/use-t";

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateError(t, e)}</li>
      ))}
    </ul>
  );
}

/** Error keys may carry one value after the first bar: "errors.cart.aboveStock|12.5" (the value may hold bars of its own). */
export function translateError(t: (key: string, options?: Record<string, string>) => string, error: string): string {
  const bar = error.indexOf("|");
  return bar < 0 ? t(error) : t(error.slice(0, bar), { value: error.slice(bar + 1) });
}

export function Field({
  label,
  hint,
  errors,
  errorId,
  children,
  className,
  required,
}: {
  label: React.ReactNode;
  /** Marks the field as one the form cannot go without (a star after the label, styles.css). */
  required?: boolean;
  hint?: React.ReactNode;
  errors?: string[];
  errorId?: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}${required ? " field-required" : ""}${className ? ` ${className}` : ""}`}>
      <label>
        <span className="field-label">{label}</span>
        {children}
      </label>
      {hint ? <p className="field-hint">{hint}</p> : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
    </div>
  );
}
