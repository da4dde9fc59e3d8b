import { randomUUID } from "node:crypto";
import { CategoryOptions } from "~/components/category-options";
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { AmountEcho } from "~/components/amount-echo";
import { PhotoPicker } from "~/components/photo-picker";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { SubmitButton } from "~/components/ui/submit-button";
import { helpTitle, HelpNav } from "~/components/help-nav";
import { helperHouseholds, listingJustSaved } from "~/models/helper-work.server";
import { listCategories, type Category } from "~/models/place.server";
import { UNITS } from "~/models/units";
import { submitCompactListing } from "~/utils/compact-listing-form.server";
import { requireHelper } from "~/utils/helper-actor.server";
import { useT } from "~/utils/use-t";
import { MAX_PHOTOS } from "~/validation/amounts";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => helpTitle(matches, "listTitle");

// The helper's compact listing form: one household after another, in one sitting.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireHelper(request);
  const params = new URL(request.url).searchParams;
  const households = await helperHouseholds(actor, "listings");
  const household = households.find((h) => h.id === parseId(params.get("household"))) ?? null;
  const savedId = parseId(params.get("saved"));
  const saved = household && savedId !== null ? await listingJustSaved(household.id, savedId) : null;
  return {
    households,
    categories: await listCategories(),
    // A fresh key for each form: posted twice, it makes one listing.
    createKey: randomUUID(),
    lastHousehold: household?.id ?? null,
    saved: saved && household ? { ...saved, household: household.name } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireHelper(request);
  const reply = await submitCompactListing(request, actor);
  if (reply.status === "saved") return redirect(`/help/list?saved=${reply.id}&household=${reply.farmId}`);
  return reply;
}

type CompactShape = {
  farmId: string;
  categorySlug: string;
  title: string;
  stock: string;
  unit: string;
  priceVnd: string;
  availableFrom: string;
  availableTo: string;
};

/** The draft kept in the browser until it is saved: a dropped connection loses nothing typed. */
const DRAFT_KEY = "nss.helpList.draft";

export default function HelpList() {
  const t = useT();
  const { households, categories, createKey, lastHousehold, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = actionData?.status === "invalid" ? actionData : null;
  // A new form (a new key) after each save: mounted afresh, with its own defaults.
  const formKey = refused?.createKey ?? createKey;
  return (
    <section className="form-page help-list">
      <HelpNav current="list" />
      <h1>{t("helpWork.listTitle")}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t("helpWork.saved", { title: saved.title, household: saved.household })}{" "}
          <Link to={`/listings/${saved.id}/${saved.slug}`}>{t("helpWork.seeListing")}</Link> ·{" "}
          <Link to={`/help/households/${lastHousehold}/card`}>{t("helpWork.printCard")}</Link>
        </p>
      ) : null}
      {households.length === 0 ? (
        <p className="notice">{t("helpWork.noHouseholds")}</p>
      ) : (
        <CompactForm
          key={formKey}
          households={households}
          categories={categories}
          createKey={formKey}
          lastHousehold={lastHousehold}
          lastResult={refused?.result}
          photos={refused?.photos ?? []}
          savedKey={saved && !refused ? saved.createKey : null}
        />
      )}
    </section>
  );
}

function CompactForm({
  households,
  categories,
  createKey,
  lastHousehold,
  lastResult,
  photos,
  savedKey,
}: {
  households: { id: number; name: string; communeName: string }[];
  categories: Category[];
  createKey: string;
  lastHousehold: number | null;
  lastResult?: SubmissionResult<string[]>;
  photos: React.ComponentProps<typeof PhotoPicker>["photos"];
  /** The key of the form just saved: its draft is done with. */
  savedKey: string | null;
}) {
  const t = useT();
  const ref = useRef<HTMLFormElement>(null);
  const [form, fields] = useForm<CompactShape>({
    id: "help-list",
    lastResult,
    defaultValue: { unit: "kg", farmId: lastHousehold ? String(lastHousehold) : "" },
    // Checked by the server when sent. Not "onBlur": with no onValidate, conform answers a blur
    // check by posting the whole form (photos included) with its validate intent.
    shouldValidate: "onSubmit",
  });

  // With JavaScript: the draft is kept as it is typed, brought back on a fresh page, and dropped once saved.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (!lastResult) restoreDraft(element, savedKey);
    const keep = () => {
      const draft: Record<string, string> = {};
      for (const [name, value] of new FormData(element)) if (typeof value === "string" && name !== "photoIds") draft[name] = value;
      window.localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    };
    element.addEventListener("input", keep);
    element.addEventListener("change", keep);
    return () => {
      element.removeEventListener("input", keep);
      element.removeEventListener("change", keep);
    };
  }, [savedKey, lastResult]);

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} ref={ref} className="stack listing-form compact-listing">
      <input type="hidden" name="createKey" value={createKey} />
      <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { intent: null, photoIds: "photos" })} />
      <RequiredLegend />
      <Field required label={t("helpWork.household")} errors={fields.farmId.errors}>
        <select {...getSelectProps(fields.farmId)}>
          <option value="">{t("helpWork.chooseHousehold")}</option>
          {households.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name} — {h.communeName}
            </option>
          ))}
        </select>
      </Field>
      <Field required label={t("helpWork.product")} errors={fields.categorySlug.errors}>
        <select {...getSelectProps(fields.categorySlug)}>
          <CategoryOptions categories={categories} />
        </select>
      </Field>
      <Field label={t("listingForm.title")} hint={t("helpWork.titleHint")} errors={fields.title.errors}>
        <input {...getInputProps(fields.title, { type: "text" })} />
      </Field>
      <div className="row">
        <Field
          required
          label={t("listingForm.stock")}
          hint={<AmountEcho name="stock" kind="quantity" value={fields.stock.initialValue} unit={fields.unit.initialValue} />}
          errors={fields.stock.errors}
        >
          <input {...getInputProps(fields.stock, { type: "text" })} inputMode="decimal" />
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
      <div className="row">
        <Field label={t("helpWork.harvestFrom")} errors={fields.availableFrom.errors}>
          <input {...getInputProps(fields.availableFrom, { type: "date" })} />
        </Field>
        <Field label={t("listingForm.availableTo")} errors={fields.availableTo.errors}>
          <input {...getInputProps(fields.availableTo, { type: "date" })} />
        </Field>
      </div>
      <PhotoPicker photos={photos} errors={[...(form.allErrors.photos ?? []), ...(form.allErrors.photoIds ?? [])]} max={MAX_PHOTOS} inputId="help-list-photos" camera />
      <div className="actions sticky-actions">
        <SubmitButton name="intent" value="publish" className="button primary">
          {t("listingForm.publish")}
        </SubmitButton>
      </div>
    </Form>
  );
}

/** Brings back the draft kept in this browser, unless it is the form just saved (then it is dropped). */
function restoreDraft(form: HTMLFormElement, savedKey: string | null) {
  let draft: unknown;
  try {
    draft = JSON.parse(window.localStorage.getItem(DRAFT_KEY) ?? "null");
  } catch {
    draft = null;
  }
  if (!draft || typeof draft !== "object") return;
  if (savedKey !== null && (draft as Record<string, unknown>).createKey === savedKey) {
    window.localStorage.removeItem(DRAFT_KEY);
    return;
  }
  for (const [name, value] of Object.entries(draft)) {
    const control = form.elements.namedItem(name);
    // The key too: a save whose answer never arrived, sent again, is still one listing.
    if (typeof value === "string" && (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) && control.type !== "file") {
      control.value = value;
      control.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
}
