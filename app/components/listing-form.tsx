import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { CategoryOptions } from "~/components/category-options";
import { Form } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import type { ListingDetail } from "~/models/listing.server";
import { listingFormValues, type ListingFormShape, type ListingRevision, type StaleNotice } from "~/utils/listing-form-values";
import type { PhotoView } from "~/models/photo.server";
import { UNITS } from "~/models/units";
import type { Category } from "~/models/place.server";
import { useLazyForm } from "~/utils/use-lazy-form";
import { DELIVERY_OPTIONS, MAX_TIERS } from "~/validation/choices";
import type { ListingInput } from "~/validation/listing";
import type { ZodType } from "zod";
import { AmountEcho } from "./amount-echo";
import { CategorySuggestion } from "./category-suggestion";
import { CertificationsFieldset } from "./certifications-fieldset";
import { PhotoPicker } from "./photo-picker";
import { StaleEditNotice } from "./stale-edit-notice";
import { controlIdOf, describedBy, errorIdOf, Field, FieldErrors, FormErrors, hintIdOf, summaryOf } from "./ui/field";
import { RequiredLegend } from "./ui/required";
import { SubmitButton } from "./ui/submit-button";

/**
 * Sets a select as a person would, with its own input and change events.
 * Not conform's `form.update`: that is an intent, which before the form's
 * checks have loaded (use-lazy-form.ts) would post the whole form, photos
 * and all, to the server.
 */
function choose(selectId: string, value: string) {
  const select = document.getElementById(selectId);
  if (!(select instanceof HTMLSelectElement)) return;
  select.value = value;
  select.dispatchEvent(new Event("input", { bubbles: true }));
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

/** The schema, loaded when focus first enters the form (app/utils/use-lazy-form.ts); its input is the form's shape. */
const listingSchema = () => import("~/validation/listing").then((m) => m.listingSchema as unknown as ZodType<ListingInput, ListingFormShape>);

const CERT_ROWS = 2;

/** The fields folded under "more details": the fold opens only when one of them is in error. */
const FOLDED = ["variety", "grade", "description", "tiers", "availableFrom", "availableTo", "lotId", "deliveryOptions", "certifications"];
const isFolded = (name: string) => FOLDED.some((f) => name === f || name.startsWith(`${f}[`) || name.startsWith(`${f}.`));

export function ListingForm({
  listing,
  categories,
  lastResult,
  photos,
  maxPhotos,
  revision,
  stale,
  createKey,
  lots = [],
}: {
  listing: ListingDetail | null;
  categories: Category[];
  lastResult?: SubmissionResult<string[]>;
  photos: PhotoView[];
  maxPhotos: number;
  /** An edit form's revision (hidden fields); when it changes the form must be mounted afresh (a `key`). */
  revision?: ListingRevision;
  stale?: StaleNotice;
  /** A new-listing form's own key: posted twice, it makes one listing. */
  createKey?: string;
  /** The farm's lots the listing may point to (issue 14); no select when there are none. */
  lots?: { id: number; code: string; product: string }[];
}) {
  const t = useT();
  const [form, fields] = useLazyForm<ListingFormShape, ListingInput>(listingSchema, {
    lastResult,
    defaultValue: listingFormValues(listing),
  });
  const tierRows = (fields.tiers.initialValue ?? []) as (Record<string, string> | undefined)[];
  const certRows = (fields.certifications.initialValue ?? []) as Record<string, string>[];
  const err = form.allErrors;
  const foldedInError = Object.entries(err).some(([name, messages]) => isFolded(name) && messages?.length);
  const rowId = (name: string) => controlIdOf(form.id, name);
  const rowAria = (name: string) => {
    const invalid = Boolean(err[name]?.length);
    return { id: rowId(name), "aria-invalid": invalid || undefined, "aria-describedby": describedBy(rowId(name), { invalid, hint: false }) };
  };

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack listing-form">
      {revision ? (
        <>
          <input type="hidden" name="version" value={revision.version} />
          <input type="hidden" name="shown" value={revision.shown} />
        </>
      ) : null}
      {createKey ? <input type="hidden" name="createKey" value={createKey} /> : null}
      {stale ? <StaleEditNotice notice={stale} categories={categories} /> : null}
      <FormErrors id={form.errorId} errors={summaryOf(form.id, err, form.errors, { intent: null, photoIds: "photos" })} />
      <RequiredLegend />
      <Field required label={t("listingForm.title")} hint={t("listingForm.titleHint")} errors={fields.title.errors}>
        <input {...getInputProps(fields.title, { type: "text" })} />
      </Field>
      <Field required label={t("listingForm.category")} errors={fields.categorySlug.errors}>
        <select {...getSelectProps(fields.categorySlug)}>
          <CategoryOptions categories={categories} />
        </select>
      </Field>
      <CategorySuggestion onUse={(slug) => choose(fields.categorySlug.id, slug)} />
      <div className="row">
        <Field
          required
          label={t("listingForm.price")}
          hint={
            <>
              {t("listingForm.priceHint")}
              <AmountEcho name="priceVnd" kind="price" value={fields.priceVnd.initialValue} unit={fields.unit.initialValue} />
            </>
          }
          errors={fields.priceVnd.errors}
        >
          <input {...getInputProps(fields.priceVnd, { type: "text" })} inputMode="numeric" />
        </Field>
        <Field required label={t("listingForm.unit")} errors={fields.unit.errors}>
          <select {...getSelectProps(fields.unit)}>
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`units.${u}Long`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="row">
        <Field
          required
          label={t("listingForm.stock")}
          hint={<AmountEcho name="stock" kind="quantity" value={fields.stock.initialValue} unit={fields.unit.initialValue} />}
          errors={fields.stock.errors}
        >
          <input {...getInputProps(fields.stock, { type: "text" })} inputMode="decimal" />
        </Field>
        <Field label={t("listingForm.minOrderQty")} errors={fields.minOrderQty.errors}>
          <input {...getInputProps(fields.minOrderQty, { type: "text" })} inputMode="decimal" />
        </Field>
      </div>
      <details className="more" open={foldedInError}>
        <summary>{t("listingForm.more")}</summary>
        <div className="row">
          <Field label={t("listingForm.variety")} errors={fields.variety.errors}>
            <input {...getInputProps(fields.variety, { type: "text" })} />
          </Field>
          <Field label={t("listingForm.grade")} errors={fields.grade.errors}>
            <input {...getInputProps(fields.grade, { type: "text" })} />
          </Field>
        </div>
        <Field label={t("listingForm.description")} errors={fields.description.errors}>
          <textarea {...getTextareaProps(fields.description)} rows={4} />
        </Field>
        <fieldset className="tiers" id={rowId("tiers")}>
          <legend>{t("listingForm.tiers")}</legend>
          <FieldErrors id={errorIdOf(rowId("tiers"))} errors={fields.tiers.errors} />
          <p id={hintIdOf(rowId("tiers"))} className="field-hint">{t("listingForm.tiersHint")}</p>
          {Array.from({ length: MAX_TIERS }, (_, i) => (
            <div className="row" key={i}>
              <label>
                <span className="field-label">{t("listingForm.tierMinQty", { n: i + 1 })}</span>
                <input name={`tiers[${i}].minQty`} {...rowAria(`tiers[${i}].minQty`)} defaultValue={tierRows[i]?.minQty ?? ""} inputMode="decimal" />
                <FieldErrors id={errorIdOf(rowId(`tiers[${i}].minQty`))} errors={err[`tiers[${i}].minQty`]} />
              </label>
              <div>
                <label>
                  <span className="field-label">{t("listingForm.tierPrice", { n: i + 1 })}</span>
                  <input name={`tiers[${i}].priceVnd`} {...rowAria(`tiers[${i}].priceVnd`)} defaultValue={tierRows[i]?.priceVnd ?? ""} inputMode="numeric" />
                  <FieldErrors id={errorIdOf(rowId(`tiers[${i}].priceVnd`))} errors={err[`tiers[${i}].priceVnd`]} />
                </label>
                <AmountEcho name={`tiers[${i}].priceVnd`} kind="price" value={tierRows[i]?.priceVnd} unit={fields.unit.initialValue} />
              </div>
            </div>
          ))}
        </fieldset>
        <div className="row">
          <Field label={t("listingForm.availableFrom")} errors={fields.availableFrom.errors}>
            <input {...getInputProps(fields.availableFrom, { type: "date" })} />
          </Field>
          <Field label={t("listingForm.availableTo")} errors={fields.availableTo.errors}>
            <input {...getInputProps(fields.availableTo, { type: "date" })} />
          </Field>
        </div>
        {lots.length || fields.lotId.errors ? (
          <Field label={t("lots.listingLot")} hint={t("lots.listingLotHint")} errors={fields.lotId.errors}>
            <select {...getSelectProps(fields.lotId)}>
              <option value="">{t("lots.noLot")}</option>
              {lots.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.product} · {l.code}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <fieldset className="choices inline" id={rowId("deliveryOptions")}>
          <legend>{t("listingForm.delivery")}</legend>
          {getCollectionProps(fields.deliveryOptions, { type: "checkbox", options: [...DELIVERY_OPTIONS] }).map((props) => (
            <label key={props.key} className="choice">
              <input {...props} key={undefined} /> {t(`delivery.${props.value}`)}
            </label>
          ))}
          <FieldErrors id={errorIdOf(rowId("deliveryOptions"))} errors={fields.deliveryOptions.errors} />
        </fieldset>
        <CertificationsFieldset rows={certRows} count={CERT_ROWS} errors={err} controlId={rowId} />
      </details>
      <PhotoPicker photos={photos} errors={[...(err.photos ?? []), ...(err.photoIds ?? [])]} max={maxPhotos} inputId={rowId("photos")} />
      <div className="actions sticky-actions">
        <SubmitButton name="intent" value="publish" className="button primary">
          {listing && listing.state !== "draft" ? t("listingForm.save") : t("listingForm.publish")}
        </SubmitButton>
        {!listing || listing.state === "draft" ? (
          <SubmitButton name="intent" value="draft" className="button">
            {t("listingForm.saveDraft")}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}
