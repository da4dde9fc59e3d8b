/**
 * An owner edits the company's name and invoice details (issue 12, decision
 * 033). The form carries the version it was opened at (decision 016): a
 * stale save is refused with the value now beside each field that differs,
 * what was typed kept, and the form comes back at the version now, so the
 * next save is deliberate. The tax code is shown, not edited. Members who
 * are not owners: 403; strangers: 404.
 */
import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { companyForMember, StaleCompanyEdit, updateCompany } from "~/models/company.server";
import { forbidden } from "~/policy/errors";
import { idParam, refusal, refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { companyUpdateSchema } from "~/validation/company";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessEdit");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const company = await refusing(companyForMember(actor, idParam(params.id)));
  if (company.role !== "owner") throw refusal(forbidden("errors.policy.companyRole"));
  const { id, name, taxCode, invoiceAddress, invoiceEmail, version } = company;
  return { company: { id, name, taxCode, invoiceAddress, invoiceEmail, version } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: companyUpdateSchema });
  // The revision the reply's values belong to: the one posted, or the one now when the save was stale.
  const posted = Number(formData.get("version"));
  if (submission.status !== "success") return { result: submission.reply(), version: Number.isSafeInteger(posted) ? posted : null, stale: false };
  try {
    await updateCompany(actor, companyId, submission.value);
  } catch (error) {
    if (error instanceof StaleCompanyEdit) return { result: submission.reply({ fieldErrors: error.fieldErrors }), version: error.version, stale: true };
    return { result: submission.reply({ fieldErrors: refusalFields(error, "name") }), version: submission.value.version, stale: false };
  }
  return redirect(`/business/${companyId}?saved=1`);
}

export default function BusinessEdit() {
  const t = useT();
  const { company } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const version = reply?.version ?? company.version;
  const [form, fields] = useLazyForm(() => import("~/validation/company").then((m) => m.companyUpdateSchema), {
    id: "company",
    lastResult: reply?.result,
    defaultValue: { name: company.name, invoiceAddress: company.invoiceAddress, invoiceEmail: company.invoiceEmail },
  });
  return (
    <section className="form-page">
      <p>
        <Link to={`/business/${company.id}`}>{company.name}</Link>
      </p>
      <h1>{t("companyAdmin.editTitle", { company: company.name })}</h1>
      {reply?.stale ? (
        <p className="field-errors" role="alert">
          {t("companyAdmin.stale")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { version: null })} />
        <input type="hidden" name="version" value={version ?? ""} />
        <Field required label={t("business.name")} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <p>{t("companyAdmin.taxCodeFixed", { taxCode: company.taxCode })}</p>
        <Field required label={t("business.invoiceAddress")} errors={fields.invoiceAddress.errors}>
          <input {...getInputProps(fields.invoiceAddress, { type: "text" })} />
        </Field>
        <Field required label={t("business.invoiceEmail")} errors={fields.invoiceEmail.errors}>
          <input {...getInputProps(fields.invoiceEmail, { type: "email" })} />
        </Field>
        <SubmitButton className="button primary">{t("companyAdmin.save")}</SubmitButton>
      </Form>
    </section>
  );
}
