/**
 * A person's companies (issue 12, decision 029): the companies they belong
 * to, with their part in each, and the form to make one (its tax code
 * checked with its check digit; the creator is its owner).
 */
import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, summaryOf } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { companiesOf, createCompany } from "~/models/company.server";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { companySchema } from "~/validation/company";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "business");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  return { companies: await companiesOf(actor.userId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: companySchema });
  if (submission.status !== "success") return { result: submission.reply() };
  try {
    const { id } = await createCompany(actor, submission.value);
    return redirect(`/business/${id}?created=1`);
  } catch (error) {
    return { result: submission.reply({ fieldErrors: refusalFields(error, "taxCode") }) };
  }
}

export default function BusinessIndex() {
  const t = useT();
  const { companies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useLazyForm(() => import("~/validation/company").then((m) => m.companySchema), {
    lastResult: actionData?.result,
  });
  return (
    <section>
      <h1>{t("business.title")}</h1>
      <p>{t("business.lead")}</p>
      {companies.length ? (
        <ul className="company-list">
          {companies.map((c) => (
            <li key={c.id}>
              <Link to={`/business/${c.id}`}>{c.name}</Link> · {t("business.taxCode")} {c.taxCode} · {t(`business.role.${c.role}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("business.none")}</p>
      )}
      <h2>{t("business.createTitle")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack form-page">
        <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors)} />
        <Field required label={t("business.name")} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="organization" />
        </Field>
        <Field required label={t("business.taxCode")} hint={t("business.taxCodeHint")} errors={fields.taxCode.errors}>
          <input {...getInputProps(fields.taxCode, { type: "text" })} inputMode="numeric" />
        </Field>
        <Field required label={t("business.invoiceAddress")} errors={fields.invoiceAddress.errors}>
          <input {...getInputProps(fields.invoiceAddress, { type: "text" })} />
        </Field>
        <Field required label={t("business.invoiceEmail")} errors={fields.invoiceEmail.errors}>
          <input {...getInputProps(fields.invoiceEmail, { type: "email" })} />
        </Field>
        <SubmitButton className="button primary">{t("business.create")}</SubmitButton>
      </Form>
    </section>
  );
}
