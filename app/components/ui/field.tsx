/**
 * Form primitives: a labelled field with its errors beside it. Errors arrive
 * as i18n keys from the zod schemas and are translated here.
 *
 * A field's control is tied to what is said about it: its error (shown first,
 * right under the box) and its hint, through `aria-describedby` naming only
 * ids that are on the page, and `aria-invalid` while it is in error. The ids
 * follow conform's (`<control id>-error`, `<control id>-description`), so a
 * control made with `getInputProps` keeps its id. A form's summary at the top
 * lists every error as a link to its control (docs/decisions/022-errors-and-axe.md).
 */
import { Children, cloneElement, isValidElement, useId, type ReactElement } from "react";
import { useT } from "~/utils/use-t";

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
    </div>
  );
}

/** Error keys may carry one value after the first bar: "errors.cart.aboveStock|12.5" (the value may hold bars of its own). */
export function translateError(t: (key: string, options?: Record<string, string>) => string, error: string): string {
  const bar = error.indexOf("|");
  return bar < 0 ? t(error) : t(error.slice(0, bar), { value: error.slice(bar + 1) });
}

/** The ids that describe a control: its error's when it has one, then its hint's when it has one; never an id that is not on the page. */
export function describedBy(controlId: string, { invalid, hint }: { invalid: boolean; hint: boolean }): string | undefined {
  const ids = [invalid ? errorIdOf(controlId) : null, hint ? hintIdOf(controlId) : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export const errorIdOf = (controlId: string) => `${controlId}-error`;
export const hintIdOf = (controlId: string) => `${controlId}-description`;

type ControlProps = { id?: string; "aria-describedby"?: string; "aria-invalid"?: unknown };

export function Field({
  label,
  hint,
  errors,
  children,
  className,
  required,
}: {
  label: React.ReactNode;
  /** Marks the field as one the form cannot go without (a star after the label, styles.css). */
  required?: boolean;
  hint?: React.ReactNode;
  errors?: string[];
  /** One control (input, select, textarea); its id is kept, or one is given. */
  children: ReactElement<ControlProps>;
  className?: string;
}) {
  const fallbackId = useId();
  const control = Children.only(children);
  const id = (isValidElement<ControlProps>(control) && control.props.id) || fallbackId;
  const invalid = Boolean(errors?.length);
  return (
    <div className={`field${invalid ? " field-invalid" : ""}${required ? " field-required" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>
        <span className="field-label">{label}</span>
      </label>
      {cloneElement(control, {
        id,
        "aria-describedby": describedBy(id, { invalid, hint: Boolean(hint) }),
        "aria-invalid": invalid || undefined,
      })}
      <FieldErrors id={errorIdOf(id)} errors={errors} />
      {hint ? (
        <p id={hintIdOf(id)} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** One error of a form for its summary: the control it names (its id), or none for the whole form. */
export type SummaryError = { message: string; controlId?: string };

/**
 * The summary at the top of a form: every error, each that names a field a
 * link to it. Rendered by the server (works without JavaScript); `role="alert"`
 * has it announced when it appears, and its heading can take focus.
 */
export function FormErrors({ errors, id }: { errors?: (string | SummaryError)[]; id?: string }) {
  const t = useT();
  const items = (errors ?? []).map((e) => (typeof e === "string" ? { message: e } : e));
  if (!items.length) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {items.some((e) => e.controlId) ? (
        <>
          <h2 className="form-errors-title" tabIndex={-1}>
            {t("formErrors.title", { count: items.length })}
          </h2>
          <ul>
            {items.map((e) => (
              <li key={`${e.controlId ?? ""}:${e.message}`}>
                {e.controlId ? <a href={`#${e.controlId}`}>{translateError(t, e.message)}</a> : translateError(t, e.message)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        items.map((e) => <p key={e.message}>{translateError(t, e.message)}</p>)
      )}
    </div>
  );
}

/**
 * A conform form's errors for its summary: the form's own first, then each
 * field's, linked to the control conform names `<form id>-<field name>`.
 * `linkTo` sends a field's errors to another field's control, or (null) to no
 * control: an error the whole form shares, like a refused intent.
 */
export function summaryOf(
  formId: string,
  allErrors: Record<string, string[] | undefined>,
  formLevel: string[] = [],
  linkTo: Record<string, string | null> = {},
): SummaryError[] {
  const items: SummaryError[] = formLevel.map((message) => ({ message }));
  for (const [name, messages] of Object.entries(allErrors)) {
    if (name === "") continue;
    const target = name in linkTo ? linkTo[name] : name;
    for (const message of messages ?? []) {
      if (target === null) {
        if (!items.some((i) => i.message === message && !i.controlId)) items.push({ message });
      } else items.push({ message, controlId: controlIdOf(formId, target) });
    }
  }
  return items;
}

/** The id conform gives a field's control (`getInputProps`); rows made by hand use the same. */
export const controlIdOf = (formId: string, name: string) => `${formId}-${name}`;
