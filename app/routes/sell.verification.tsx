/**
 * The farm's verification (issue 13, decision 036): its papers with their
 * state and a rejection's reason, and the form to send one (a photo of the
 * paper uploaded with it). A rejected paper is sent again from its values
 * (?again=<id>). Owner, co-op member, a helper with the 'listings' scope
 * (policy farm.verify). Works without JavaScript.
 */
import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { SubmitButton } from "~/components/ui/submit-button";
import { documentOfFarm, documentsOfFarm, submitDocument } from "~/models/verification.server";
import { requireSellerFarm } from "~/utils/actor.server";
import { formatDate, formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { readFormWithPhotos } from "~/utils/photo-form.server";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { parseId } from "~/validation/ids";
import { DOCUMENT_CERTIFICATIONS, DOCUMENT_KINDS, documentSchema } from "~/validation/verification";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellVerification");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "farm.verify");
  const againId = parseId(new URL(request.url).searchParams.get("again"));
  const [documents, again] = await Promise.all([documentsOfFarm(farm.id), againId === null ? null : documentOfFarm(farm.id, againId)]);
  const shown = (d: (typeof documents)[number]) => ({
    id: d.id,
    kind: d.kind,
    certificationType: d.certificationType,
    number: d.number,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    expiresOn: d.expiresOn,
    state: d.state,
    reason: d.reason,
    createdAt: d.createdAt.toISOString(),
    photoUrl: d.photo?.lg ?? null,
  });
  return {
    farm: { name: farm.name, verification: farm.verification },
    documents: documents.map(shown),
    again: again && again.state === "rejected" ? shown(again) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.verify");
  const { formData, photoErrors, uploaded } = await readFormWithPhotos(request, actor.userId);
  // A photo uploaded with an earlier try of this form that failed elsewhere is kept (a file input cannot be refilled).
  const kept = formData.get("keptPhotoId");
  const photoId = uploaded[0] ?? (typeof kept === "string" && kept ? kept : null);
  const submission = parseWithZod(formData, { schema: documentSchema });
  if (submission.status !== "success" || photoErrors.length) {
    return { result: submission.reply({ fieldErrors: photoErrors.length ? { photos: photoErrors } : {} }), keptPhotoId: photoErrors.length ? null : photoId };
  }
  try {
    await submitDocument(actor, farm.id, submission.value, photoId);
  } catch (error) {
    return { result: submission.reply({ fieldErrors: refusalFields(error) }), keptPhotoId: null };
  }
  return redirect("/sell/verification?submitted=1");
}

export default function FarmVerification() {
  const t = useT();
  const locale = useLocale();
  const { farm, documents, again } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useLazyForm(() => import("~/validation/verification").then((m) => m.documentSchema), {
    lastResult: actionData?.result,
    defaultValue: again
      ? {
          kind: again.kind,
          certificationType: again.certificationType ?? "",
          number: again.number,
          issuer: again.issuer,
          issuedOn: again.issuedOn ?? "",
          expiresOn: again.expiresOn ?? "",
        }
      : { kind: "household_registration" },
  });
  const photoErrors = form.allErrors.photos;
  const keptPhotoId = actionData?.keptPhotoId ?? null;
  return (
    <section className="narrow">
      <h1>{t("farmVerification.title")}</h1>
      <p>{t("farmVerification.lead")}</p>
      <p className={`farm-standing verification-${farm.verification}`}>
        {t("farmVerification.standing")}: <strong>{t(`verification.${farm.verification}`)}</strong>
      </p>
      {params.get("submitted") ? (
        <p className="notice" role="status">
          {t("farmVerification.submitted")}
        </p>
      ) : null}

      <h2>{t("farmVerification.documents")}</h2>
      {documents.length === 0 ? <p className="empty">{t("farmVerification.none")}</p> : null}
      <ul className="document-list">
        {documents.map((d) => (
          <li key={d.id} className={`card document document-${d.state}`}>
            <h3>
              {t(`farmVerification.kinds.${d.kind}`)}
              {d.certificationType ? ` · ${t(`certifications.${d.certificationType}`)}` : ""} · {d.number}
            </h3>
            <p>
              {d.issuer}
              {d.issuedOn ? ` · ${t("farmVerification.issuedOn")} ${formatDate(d.issuedOn, locale)}` : ""}
              {d.expiresOn ? ` · ${t("farmVerification.expiresOn")} ${formatDate(d.expiresOn, locale)}` : ""}
            </p>
            <p>
              <strong className={`review-state review-${d.state}`}>{t(`farmVerification.states.${d.state}`)}</strong> ·{" "}
              {t("farmVerification.submittedAt", { when: formatInstant(d.createdAt, locale) })}
            </p>
            {d.state === "rejected" ? (
              <p className="rejection">
                {t("farmVerification.reason")}: {d.reason}{" "}
                <Link to={`/sell/verification?again=${d.id}#document-form`}>{t("farmVerification.sendAgain")}</Link>
              </p>
            ) : null}
            {d.photoUrl ? (
              <p>
                <a href={d.photoUrl}>{t("farmVerification.viewPhoto")}</a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>

      <h2 id="document-form">{again ? t("farmVerification.againTitle") : t("farmVerification.submitTitle")}</h2>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { photoIds: "photos" })} />
        <RequiredLegend />
        <Field required label={t("farmVerification.kind")} errors={fields.kind.errors}>
          <select {...getSelectProps(fields.kind)}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`farmVerification.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("farmVerification.certificationType")} errors={fields.certificationType.errors}>
          <select {...getSelectProps(fields.certificationType)}>
            <option value="">{t("farmVerification.noCertification")}</option>
            {DOCUMENT_CERTIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`certifications.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field required label={t("farmVerification.number")} errors={fields.number.errors}>
          <input {...getInputProps(fields.number, { type: "text" })} />
        </Field>
        <Field required label={t("farmVerification.issuer")} errors={fields.issuer.errors}>
          <input {...getInputProps(fields.issuer, { type: "text" })} />
        </Field>
        <Field label={t("farmVerification.issuedOn")} errors={fields.issuedOn.errors}>
          <input {...getInputProps(fields.issuedOn, { type: "date" })} />
        </Field>
        <Field label={t("farmVerification.expiresOn")} hint={t("farmVerification.expiresHint")} errors={fields.expiresOn.errors}>
          <input {...getInputProps(fields.expiresOn, { type: "date" })} />
        </Field>
        {keptPhotoId ? <input type="hidden" name="keptPhotoId" value={keptPhotoId} /> : null}
        <Field required={!keptPhotoId} label={t("farmVerification.photo")} errors={photoErrors}>
          <input id={`${form.id}-photos`} type="file" name="photos" accept="image/jpeg,image/png,image/webp" capture="environment" />
        </Field>
        <SubmitButton className="button primary">{t("farmVerification.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
