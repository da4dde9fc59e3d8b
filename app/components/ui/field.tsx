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

/** Error keys may carry one value after a bar: "errors.cart.aboveStock|12.5". */
export function translateError(t: (key: string, options?: Record<string, string>) => string, error: string): string {
  const [key, value] = error.split("|");
  return value === undefined ? t(key) : t(key, { value });
}

export function Field({
  label,
  hint,
  errors,
  errorId,
  children,
  className,
}: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  errors?: string[];
  errorId?: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
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
