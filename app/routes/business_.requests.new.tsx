import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProvinceCommuneFields } from "~/components/province-commune";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { RequiredLegend } from "~/components/ui/required";
import { SubmitButton } from "~/components/ui/submit-button";
import { communesOfPosted, listCategories, listProvinces } from "~/models/place.server";
import { companyForBuying, createRequest } from "~/models/rfq.server";
import { UNITS } from "~/models/units";
import { DomainError } from "~/policy/errors";
import { formRefusal, refusal, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { CERTIFICATION_TYPES } from "~/validation/choices";
import { parseId } from "~/validation/ids";
import { quoteRequestSchema } from "~/validation/rfq";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rfqNew");

/** The company the form is for, when the person may buy for it; 404 otherwise. */
async function companyFor(request: Request) {
  const { actor } = await requireActor(request);
  const companyId = parseId(new URL(request.url).searchParams.get("company"));
  if (companyId === null) throw new Response("Not Found", { status: 404 });
  try {
    return { actor, company: await companyForBuying(actor, companyId) };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { company } = await companyFor(request);
  const [provinces, categories] = await Promise.all([listProvinces(), listCategories()]);
  return { company, provinces, categories };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, company } = await companyFor(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: quoteRequestSchema });
  const communes = () => communesOfPosted(formData.get("provinceCode"));
  if (formData.get("intent") === "pick-province") return { result: submission.reply({ resetForm: false }), communes: await communes() };
  if (submission.status !== "success") return { result: submission.reply(), communes: await communes() };
  try {
    const { id } = await createRequest(actor, company.id, submission.value);
    return redirect(`/business/requests/${id}`);
  } catch (error) {
    return { result: submission.reply(formRefusal(error)), communes: await communes() };
  }
}

export default function NewRequest() {
  const t = useT();
  const locale = useLocale();
  const { company, provinces, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useLazyForm(() => import("~/validation/rfq").then((m) => m.quoteRequestSchema), {
    lastResult: actionData?.result,
    defaultValue: { unit: "kg", recurrence: "once", audience: "open" },
  });
  const chosenCerts = [fields.certifications.initialValue ?? []].flat();
  const chosenProvinces = [fields.provinceCodes.initialValue ?? []].flat();
  return (
    <section className="form-page">
      <h1>{t("rfq.newTitle")}</h1>
      <p>
        {t("rfq.forCompany", { name: company.name })} · <Link to={`/business/${company.id}`}>{t("rfq.backToCompany")}</Link>
      </p>
      <p>{t("rfq.newLead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { intent: null })} />
        <RequiredLegend />
        <Field required label={t("rfq.category")} errors={fields.categorySlug.errors}>
          <select {...getSelectProps(fields.categorySlug)}>
            <option value="">—</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.parentSlug ? "— " : ""}
                {locale === "en" ? c.nameEn : c.nameVi}
              </option>
            ))}
          </select>
        </Field>
        <Field required label={t("rfq.product")} hint={t("rfq.productHint")} errors={fields.product.errors}>
          <input {...getInputProps(fields.product, { type: "text" })} />
        </Field>
        <div className="row">
          <Field required label={t("rfq.quantity")} errors={fields.quantity.errors}>
            <input {...getInputProps(fields.quantity, { type: "text" })} inputMode="decimal" />
          </Field>
          <Field required label={t("rfq.unit")} errors={fields.unit.errors}>
            <select {...getSelectProps(fields.unit)}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`units.${u}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t("rfq.grade")} errors={fields.grade.errors}>
          <input {...getInputProps(fields.grade, { type: "text" })} />
        </Field>
        <fieldset>
          <legend>{t("rfq.certifications")}</legend>
          {CERTIFICATION_TYPES.map((c) => (
            <label key={c} className="checkbox">
              <input type="checkbox" name="certifications" value={c} defaultChecked={chosenCerts.includes(c)} /> {t(`certifications.${c}`)}
            </label>
          ))}
          {fields.certifications.errors ? <FormErrors errors={fields.certifications.errors} /> : null}
        </fieldset>
        <fieldset className="address">
          <legend>{t("rfq.delivery")}</legend>
          <Field required label={t("rfq.recipient")} errors={fields.recipient.errors}>
            <input {...getInputProps(fields.recipient, { type: "text" })} />
          </Field>
          <Field required label={t("rfq.phone")} errors={fields.phone.errors}>
            <input {...getInputProps(fields.phone, { type: "tel" })} />
          </Field>
          <ProvinceCommuneFields province={fields.provinceCode} commune={fields.communeCode} provinces={provinces} communes={[]} communesFromAction={actionData?.communes} />
          <Field required label={t("rfq.street")} errors={fields.street.errors}>
            <input {...getInputProps(fields.street, { type: "text" })} />
          </Field>
          <div className="row">
            <Field required label={t("rfq.deliverFrom")} errors={fields.deliverFrom.errors}>
              <input {...getInputProps(fields.deliverFrom, { type: "date" })} />
            </Field>
            <Field required label={t("rfq.deliverTo")} errors={fields.deliverTo.errors}>
              <input {...getInputProps(fields.deliverTo, { type: "date" })} />
            </Field>
          </div>
        </fieldset>
        <Field label={t("rfq.targetPrice")} errors={fields.targetPriceVnd.errors}>
          <input {...getInputProps(fields.targetPriceVnd, { type: "text" })} inputMode="numeric" />
        </Field>
        <Field required label={t("rfq.deadline")} errors={fields.deadline.errors}>
          <input {...getInputProps(fields.deadline, { type: "datetime-local" })} />
        </Field>
        <Field label={t("rfq.recurrence")} errors={fields.recurrence.errors}>
          <select {...getSelectProps(fields.recurrence)}>
            <option value="once">{t("rfq.recurrenceOnce")}</option>
            <option value="weekly">{t("rfq.recurrenceWeekly")}</option>
          </select>
        </Field>
        <Field label={t("rfqNotices.repeatUntil")} errors={fields.repeatUntil.errors}>
          <input {...getInputProps(fields.repeatUntil, { type: "date" })} />
        </Field>
        <Field label={t("rfq.audience")} errors={fields.audience.errors}>
          <select {...getSelectProps(fields.audience)}>
            <option value="open">{t("rfq.audienceOpen")}</option>
            <option value="invited">{t("rfq.audienceInvited")}</option>
          </select>
        </Field>
        <label className="checkbox">
          <input type="checkbox" name="nationwide" value="1" defaultChecked={fields.nationwide.initialValue === "1"} /> {t("rfq.nationwide")}
        </label>
        <fieldset className="province-choice">
          <legend>{t("rfqNotices.provinces")}</legend>
          <p className="muted">{t("rfqNotices.provincesHint")}</p>
          <div className="checkbox-columns">
            {provinces.map((p) => (
              <label key={p.code} className="checkbox">
                <input type="checkbox" name="provinceCodes" value={p.code} defaultChecked={chosenProvinces.includes(p.code)} /> {p.name}
              </label>
            ))}
          </div>
          {fields.provinceCodes.errors ? <FormErrors errors={fields.provinceCodes.errors} /> : null}
        </fieldset>
        <Field label={t("rfq.invitedFarmIds")} errors={fields.invitedFarmIds.errors}>
          <input name="invitedFarmIds" id={`${form.id}-invitedFarmIds`} type="text" inputMode="numeric" defaultValue={[fields.invitedFarmIds.initialValue ?? []].flat()[0] ?? ""} />
        </Field>
        <SubmitButton className="button primary">{t("rfq.post")}</SubmitButton>
      </Form>
    </section>
  );
}
