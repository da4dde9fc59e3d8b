import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { pageTitle } from "~/utils/meta";
import { CertificationsFieldset } from "~/components/certifications-fieldset";
import { PhotoPicker } from "~/components/photo-picker";
import { ProvinceCommuneFields } from "~/components/province-commune";
import { controlIdOf, Field, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { FieldErrors as ModelFieldErrors } from "~/models/errors";
import { FarmChanged, getFarmDetail, saveFarm } from "~/models/farm.server";
import { usablePhotos } from "~/models/photo.server";
import { communesOfPosted, listCommunes, listProvinces } from "~/models/place.server";
import { readFormWithPhotos } from "~/utils/photo-form.server";
import { MAX_PHOTOS } from "~/validation/amounts";
import { parseId } from "~/validation/ids";
import { refusal, requireSeller } from "~/utils/actor.server";
import { DomainError } from "~/policy/errors";
import { FARM_KINDS, farmSchema } from "~/validation/farm";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "farm");

const CERT_ROWS = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const seller = await requireSeller(request, "farm.edit");
  const [detail, provinces] = await Promise.all([seller.farm ? getFarmDetail(seller.farm.id) : null, listProvinces()]);
  // The browser gets what the form shows, not who owns the farm.
  const farm = detail && (({ ownerId: _owner, ...shown }) => shown)(detail);
  const communes = farm ? await listCommunes(farm.provinceCode) : [];
  return { farm, provinces, communes };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSeller(request, "farm.edit");
  const { formData, photoErrors } = await readFormWithPhotos(request, actor.userId);
  const keptIds = formData.getAll("photoIds").filter((v): v is string => typeof v === "string");
  const photos = await usablePhotos(actor.userId, keptIds, farm ? { farmId: farm.id } : {});
  // A kept photo that is not this farmer's to use (a tampered id) is named, not silently dropped.
  if (new Set(keptIds).size > photos.length) photoErrors.push("errors.photos.invalid");
  const communesFor = () => communesOfPosted(formData.get("provinceCode"));
  // The farm's version the form showed (blank on a create form); every reply
  // carries the one the form's values belong to (docs/decisions/016-stale-edits.md).
  const postedVersion = formData.get("version");
  const version = typeof postedVersion === "string" ? postedVersion : "";

  const submission = parseWithZod(formData, { schema: farmSchema });
  // "Show communes" (for browsers without JavaScript): re-render, save nothing.
  if (formData.get("intent") === "pick-province") {
    return { result: submission.reply({ resetForm: false }), photos, communes: await communesFor(), version };
  }
  if (submission.status !== "success" || photoErrors.length) {
    return {
      result: submission.reply({ fieldErrors: photoErrors.length ? { photos: photoErrors } : {} }),
      photos,
      communes: await communesFor(),
      version,
    };
  }
  try {
    await saveFarm(actor, farm?.id ?? null, submission.value, parseId(version));
  } catch (error) {
    if (error instanceof ModelFieldErrors) {
      const next = error instanceof FarmChanged ? String(error.version) : version;
      return { result: submission.reply({ fieldErrors: error.fieldErrors }), photos, communes: await communesFor(), version: next };
    }
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
  return redirect(farm ? "/sell?saved=farm" : "/sell/listings/new");
}

export default function FarmEditor() {
  const t = useT();
  const { farm, provinces, communes: initialCommunes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useLazyForm(() => import("~/validation/farm").then((m) => m.farmSchema), {
    lastResult: actionData?.result,
    defaultValue: farm
      ? {
          name: farm.name,
          slug: farm.slug,
          kind: farm.kind,
          story: farm.story,
          provinceCode: farm.provinceCode,
          communeCode: farm.communeCode,
          addressLine: farm.addressLine,
          latitude: farm.latitude?.toString() ?? "",
          longitude: farm.longitude?.toString() ?? "",
          certifications: farm.certifications.map((c) => ({ ...c, stars: c.stars?.toString() ?? "", expiresOn: c.expiresOn ?? "" })),
        }
      : { kind: "household" },
  });
  const photos = actionData?.photos ?? farm?.photos ?? [];
  const certRows = (fields.certifications.initialValue ?? []) as Record<string, string>[];

  return (
    <section className="form-page">
      <h1>{farm ? t("farmForm.editTitle") : t("farmForm.createTitle")}</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <input type="hidden" name="version" value={actionData?.version ?? String(farm?.version ?? "")} />
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { version: null, intent: null, photoIds: "photos" })} />
        <RequiredLegend />
        <Field required label={t("farmForm.name")} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <Field required label={t("farmForm.kind")} errors={fields.kind.errors}>
          <select {...getSelectProps(fields.kind)}>
            {FARM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`farmKinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("farmForm.story")} hint={t("farmForm.storyHint")} errors={fields.story.errors}>
          <textarea {...getTextareaProps(fields.story)} rows={4} />
        </Field>
        <fieldset className="address">
          <legend>{t("farmForm.address")}</legend>
          <ProvinceCommuneFields
            province={fields.provinceCode}
            commune={fields.communeCode}
            provinces={provinces}
            communes={initialCommunes}
            communesFromAction={actionData?.communes}
          />
          <Field label={t("farmForm.addressLine")} errors={fields.addressLine.errors}>
            <input {...getInputProps(fields.addressLine, { type: "text" })} />
          </Field>
          <div className="row">
            <Field label={t("farmForm.latitude")} errors={fields.latitude.errors}>
              <input {...getInputProps(fields.latitude, { type: "text" })} inputMode="decimal" />
            </Field>
            <Field label={t("farmForm.longitude")} errors={fields.longitude.errors}>
              <input {...getInputProps(fields.longitude, { type: "text" })} inputMode="decimal" />
            </Field>
          </div>
        </fieldset>
        <CertificationsFieldset rows={certRows} count={CERT_ROWS} errors={form.allErrors} controlId={(name) => controlIdOf(form.id, name)} />
        <PhotoPicker photos={photos} errors={[...(form.allErrors.photos ?? []), ...(form.allErrors.photoIds ?? [])]} max={MAX_PHOTOS} inputId={controlIdOf(form.id, "photos")} />
        <Field label={t("farmForm.slug")} hint={t("farmForm.slugHint")} errors={fields.slug.errors}>
          <input {...getInputProps(fields.slug, { type: "text" })} />
        </Field>
        <SubmitButton className="button primary">
          {t("farmForm.save")}
        </SubmitButton>
      </Form>
    </section>
  );
}
