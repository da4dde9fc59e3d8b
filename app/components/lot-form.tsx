/**
 * The lot forms (issue 14): the lot itself (new and edit: an edit carries
 * the version it showed, decision 016) and an input applied to it. Both work
 * without JavaScript; errors come back beside their fields.
 */
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CategoryOptions } from "~/components/category-options";
import { ACTIVE_INGREDIENTS, activeIngredient } from "~/models/phi";
import type { Category } from "~/models/place.server";
import { formatDate } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { LOT_CERTIFICATIONS, LOT_INPUT_KINDS } from "~/validation/lot";
import { Field, FieldErrors, FormErrors, summaryOf } from "./ui/field";
import { RequiredLegend } from "./ui/required";
import { SubmitButton } from "./ui/submit-button";

export type LotFormValues = {
  product: string;
  categorySlug: string;
  plot: string;
  sownOn: string;
  harvestedOn: string;
  gtin: string;
  certifications: string[];
};

export function LotForm({
  values,
  categories,
  lastResult,
  version,
  createKey,
  notice,
}: {
  values: Partial<LotFormValues>;
  categories: Category[];
  lastResult?: SubmissionResult<string[]>;
  /** An edit form's version (a hidden field). */
  version?: number;
  createKey?: string;
  /** A message above the form (a stale edit refused). */
  notice?: string;
}) {
  const t = useT();
  const [form, fields] = useLazyForm(() => import("~/validation/lot").then((m) => m.lotSchema), {
    id: "lot-form",
    lastResult,
    defaultValue: values,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {createKey ? <input type="hidden" name="createKey" value={createKey} /> : null}
      <input type="hidden" name="intent" value="save" />
      {notice ? (
        <p className="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors)} />
      <RequiredLegend />
      <Field required label={t("lots.product")} errors={fields.product.errors}>
        <input {...getInputProps(fields.product, { type: "text" })} />
      </Field>
      <Field label={t("lots.category")} errors={fields.categorySlug.errors}>
        <select {...getSelectProps(fields.categorySlug)}>
          <CategoryOptions categories={categories} />
        </select>
      </Field>
      <Field label={t("lots.plot")} hint={t("lots.plotHint")} errors={fields.plot.errors}>
        <input {...getInputProps(fields.plot, { type: "text" })} />
      </Field>
      <div className="row">
        <Field label={t("lots.sownOn")} errors={fields.sownOn.errors}>
          <input {...getInputProps(fields.sownOn, { type: "date" })} />
        </Field>
        <Field label={t("lots.harvestedOn")} hint={t("lots.harvestedHint")} errors={fields.harvestedOn.errors}>
          <input {...getInputProps(fields.harvestedOn, { type: "date" })} />
        </Field>
      </div>
      <Field label={t("lots.gtin")} hint={t("lots.gtinHint")} errors={fields.gtin.errors}>
        <input {...getInputProps(fields.gtin, { type: "text" })} inputMode="numeric" autoComplete="off" />
      </Field>
      <fieldset className="choices inline" id={`${form.id}-certifications`}>
        <legend>{t("lots.certifications")}</legend>
        {getCollectionProps(fields.certifications, { type: "checkbox", options: [...LOT_CERTIFICATIONS] }).map((props) => (
          <label key={props.key} className="choice">
            <input {...props} key={props.key} /> {t(`certifications.${props.value}`)}
          </label>
        ))}
        <FieldErrors id={`${form.id}-certifications-error`} errors={fields.certifications.errors} />
      </fieldset>
      <SubmitButton className="button primary">{version !== undefined ? t("lots.save") : t("lots.create")}</SubmitButton>
    </Form>
  );
}

export function LotInputForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useLazyForm(() => import("~/validation/lot").then((m) => m.lotInputSchema), {
    id: "lot-input-form",
    lastResult,
    defaultValue: { kind: "pesticide" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <input type="hidden" name="intent" value="input" />
      <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors)} />
      <Field required label={t("lots.inputKind")} errors={fields.kind.errors}>
        <select {...getSelectProps(fields.kind)}>
          {LOT_INPUT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`lots.kinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field required label={t("lots.inputName")} errors={fields.name.errors}>
        <input {...getInputProps(fields.name, { type: "text" })} />
      </Field>
      <Field label={t("lots.activeIngredient")} errors={fields.activeIngredient.errors}>
        <select {...getSelectProps(fields.activeIngredient)}>
          <option value="">{t("lots.chooseIngredient")}</option>
          {ACTIVE_INGREDIENTS.map((a) => (
            <option key={a.key} value={a.key}>
              {t("lots.ingredientOption", { name: a.name, days: a.days })}
              {a.bannedInVietnam ? ` — ${t("lots.bannedShort", { year: a.bannedInVietnam.since.slice(0, 4) })}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <div className="row">
        <Field label={t("lots.amount")} errors={fields.amount.errors}>
          <input {...getInputProps(fields.amount, { type: "text" })} />
        </Field>
        <Field required label={t("lots.appliedOn")} errors={fields.appliedOn.errors}>
          <input {...getInputProps(fields.appliedOn, { type: "date" })} />
        </Field>
      </div>
      <SubmitButton className="button">{t("lots.recordInput")}</SubmitButton>
    </Form>
  );
}

/** What was applied to a lot, oldest first; an ingredient Vietnam removed from its permitted list is said so. */
export function InputList({ inputs }: { inputs: { id: number; kind: "fertiliser" | "pesticide"; name: string; activeIngredient: string | null; amount: string; appliedOn: string }[] }) {
  const t = useT();
  const locale = useLocale();
  if (inputs.length === 0) return <p className="empty">{t("lots.noInputs")}</p>;
  return (
    <ul className="lot-inputs">
      {inputs.map((i) => {
        const ingredient = i.activeIngredient ? activeIngredient(i.activeIngredient) : undefined;
        return (
          <li key={i.id}>
            <strong>{formatDate(i.appliedOn, locale)}</strong> · {t(`lots.kinds.${i.kind}`)} · {i.name}
            {ingredient ? ` · ${ingredient.name} (${t("lots.phiShort", { days: ingredient.days })})` : ""}
            {i.amount ? ` · ${i.amount}` : ""}
            {ingredient?.bannedInVietnam ? (
              <span className="warning"> {t("lots.banned", { since: formatDate(ingredient.bannedInVietnam.since, locale), decision: ingredient.bannedInVietnam.decision })}</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
