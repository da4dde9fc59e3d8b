/**
 * A company's page (issue 12, decision 029): its details, members and their
 * roles, delivery addresses and approval threshold, to its members; to its
 * owners also the forms to invite someone by phone or email (the link shown
 * once), remove a member (asked first, confirm=1; decision 020), set the
 * threshold and add a delivery address. A stranger gets "not found".
 */
import { currentMonth } from "~/models/papers.server";
import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ProvinceCommuneFields } from "~/components/province-commune";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { Field, FieldErrors, FormErrors, summaryOf } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { waitingCount } from "~/models/approval.server";
import { addDeliveryAddress, changeMemberRole, companyForMember, inviteMember, removeMember, setApprovalThreshold } from "~/models/company.server";
import { communesOfPosted, listProvinces } from "~/models/place.server";
import { companyCredit } from "~/models/terms.server";
import { NetTermsSection } from "~/components/net-terms";
import { idParam, refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { useLazyForm } from "~/utils/use-lazy-form";
import { approvalThresholdSchema, COMPANY_ROLES, companyAddressSchema, inviteMemberSchema } from "~/validation/company";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessCompany");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const company = await refusing(companyForMember(actor, idParam(params.id)));
  const provinces = company.role === "owner" ? await listProvinces() : [];
  // Net terms: the grant, open and overdue amounts, unpaid invoices (decision 031); purchases waiting for approval (033).
  const [credit, waiting] = await Promise.all([refusing(companyCredit(actor, company.id)), waitingCount(company.id)]);
  return { company, provinces, credit, waiting, statementMonth: currentMonth() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: inviteMemberSchema });
    if (submission.status !== "success") return { intent: "invite" as const, result: submission.reply() };
    try {
      const { token, expiresAt, queued } = await inviteMember(actor, companyId, submission.value, { origin: new URL(request.url).origin });
      const url = new URL(`/business/join/${token}`, request.url).toString();
      return { intent: "invite" as const, result: submission.reply({ resetForm: true }), invite: { url, expiresAt: expiresAt.toISOString(), sent: queued, kind: submission.value.identifier.kind } };
    } catch (error) {
      return { intent: "invite" as const, result: submission.reply({ fieldErrors: refusalFields(error, "identifier") }) };
    }
  }
  if (intent === "remove") {
    const userId = parseId(formData.get("userId"));
    const company = await refusing(companyForMember(actor, companyId));
    const member = company.members.find((m) => m.userId === userId);
    if (!member) return { intent: "remove" as const, errors: ["errors.form.tampered"] };
    if (formData.get("confirm") !== CONFIRMED) return { intent: "remove" as const, confirm: { userId: member.userId, name: member.displayName } };
    try {
      await removeMember(actor, companyId, member.userId);
    } catch (error) {
      return { intent: "remove" as const, errors: Object.values(refusalFields(error)).flat() };
    }
    return redirect(`/business/${companyId}?removed=1`);
  }
  if (intent === "role") {
    const userId = parseId(formData.get("userId"));
    const role = COMPANY_ROLES.find((r) => r === formData.get("role"));
    if (userId === null || !role) return { intent: "role" as const, errors: ["errors.companyRole.required"] };
    try {
      await changeMemberRole(actor, companyId, userId, role);
    } catch (error) {
      return { intent: "role" as const, errors: Object.values(refusalFields(error)).flat() };
    }
    return redirect(`/business/${companyId}?saved=1`);
  }
  if (intent === "threshold") {
    const submission = parseWithZod(formData, { schema: approvalThresholdSchema });
    if (submission.status !== "success") return { intent: "threshold" as const, result: submission.reply() };
    try {
      await setApprovalThreshold(actor, companyId, submission.value.threshold);
    } catch (error) {
      return { intent: "threshold" as const, result: submission.reply({ fieldErrors: refusalFields(error, "threshold") }) };
    }
    return redirect(`/business/${companyId}?saved=1`);
  }
  if (intent === "address" || intent === "pick-province") {
    const submission = parseWithZod(formData, { schema: companyAddressSchema });
    const communes = await communesOfPosted(formData.get("provinceCode"));
    if (intent === "pick-province") return { intent: "address" as const, result: submission.reply({ resetForm: false }), communes };
    if (submission.status !== "success") return { intent: "address" as const, result: submission.reply(), communes };
    try {
      await addDeliveryAddress(actor, companyId, submission.value);
    } catch (error) {
      return { intent: "address" as const, result: submission.reply({ fieldErrors: refusalFields(error, "communeCode") }), communes };
    }
    return redirect(`/business/${companyId}?saved=1`);
  }
  return { intent: "unknown" as const, errors: ["errors.form.tampered"] };
}

export default function BusinessCompany() {
  const t = useT();
  const locale = useLocale();
  const { company, provinces, credit, waiting, statementMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const owner = company.role === "owner";
  const invited = actionData?.intent === "invite" ? actionData : undefined;
  const removing = actionData?.intent === "remove" ? actionData : undefined;
  const roleChange = actionData?.intent === "role" ? actionData : undefined;
  const threshold = actionData?.intent === "threshold" ? actionData : undefined;
  const address = actionData?.intent === "address" ? actionData : undefined;
  const [inviteForm, inviteFields] = useLazyForm(() => import("~/validation/company").then((m) => m.inviteMemberSchema), {
    id: "invite",
    lastResult: invited?.result,
  });
  const [thresholdForm, thresholdFields] = useLazyForm(() => import("~/validation/company").then((m) => m.approvalThresholdSchema), {
    id: "threshold",
    lastResult: threshold?.result,
    defaultValue: { threshold: company.approvalThresholdVnd === null ? "" : String(company.approvalThresholdVnd) },
  });
  const [addressForm, addressFields] = useLazyForm(() => import("~/validation/company").then((m) => m.companyAddressSchema), {
    id: "address",
    lastResult: address?.result,
  });
  return (
    <section>
      <h1>{company.name}</h1>
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("business.created")}
        </p>
      ) : null}
      {params.get("saved") || params.get("removed") ? (
        <p className="notice" role="status">
          {t("business.saved")}
        </p>
      ) : null}
      {actionData && "errors" in actionData && actionData.intent === "unknown" ? <FieldErrors errors={actionData.errors} /> : null}
      <p>
        <Link to={`/business/${company.id}/orders`}>{t("business.ordersLink")}</Link>
        {" · "}
        <Link to="/standing">{t("standing.title")}</Link>
      </p>
      {/* The monthly statement (decision 043): a GET form to the PDF, the same with and without JavaScript. */}
      <form method="get" action={`/business/${company.id}/statement.pdf`} className="actions statement-form" aria-labelledby="statement-heading">
        <h2 id="statement-heading">{t("invoices.statementHeading")}</h2>
        <label>
          <span className="field-label">{t("invoices.statementMonth")}</span>
          <input type="month" name="month" defaultValue={statementMonth} min="2020-01" max="2099-12" required />
        </label>
        <button type="submit" className="button">
          {t("invoices.statementOpen")}
        </button>
      </form>
      <p>
        <Link to={`/business/${company.id}/approvals`}>{waiting ? t("approval.count", { count: waiting }) : t("approval.title")}</Link>
      </p>
      <dl className="company-details">
        <dt>{t("business.taxCode")}</dt>
        <dd>{company.taxCode}</dd>
        <dt>{t("business.invoiceAddress")}</dt>
        <dd>{company.invoiceAddress}</dd>
        <dt>{t("business.invoiceEmail")}</dt>
        <dd>{company.invoiceEmail}</dd>
        <dt>{t("business.yourRole")}</dt>
        <dd>{t(`business.role.${company.role}`)}</dd>
        <dt>{t("business.threshold")}</dt>
        <dd>{company.approvalThresholdVnd === null ? t("business.noThreshold") : formatVnd(company.approvalThresholdVnd, locale)}</dd>
      </dl>

      <NetTermsSection credit={credit} />
      {owner ? (
        <p>
          <Link to={`/business/${company.id}/edit`}>{t("companyAdmin.edit")}</Link> · <Link to={`/business/${company.id}/webhooks`}>{t("webhooks.manage")}</Link> ·{" "}
          <Link to={`/business/${company.id}/api`}>{t("apiTokens.title")}</Link>
        </p>
      ) : null}

      <h2>{t("business.membersTitle")}</h2>
      {roleChange && "errors" in roleChange ? <FieldErrors errors={roleChange.errors} /> : null}
      {removing && "errors" in removing ? <FieldErrors errors={removing.errors} /> : null}
      {removing && "confirm" in removing && removing.confirm ? (
        <ConfirmStep
          question={t("business.removeQuestion", { name: removing.confirm.name })}
          hint={t("business.removeHint")}
          confirmLabel={t("business.remove")}
          backTo={`/business/${company.id}`}
          fields={{ intent: "remove", userId: String(removing.confirm.userId) }}
        />
      ) : null}
      <ul className="member-list">
        {company.members.map((m) => (
          <li key={m.userId}>
            {m.displayName} · {t(`business.role.${m.role}`)}{" "}
            {owner ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={m.userId} />
                <select name="role" defaultValue={m.role} aria-label={t("companyAdmin.roleOf", { name: m.displayName })}>
                  {COMPANY_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`business.role.${r}`)}
                    </option>
                  ))}
                </select>
                <SubmitButton name="intent" value="role" className="link-button" aria-label={t("companyAdmin.changeRoleOf", { name: m.displayName })}>
                  {t("companyAdmin.changeRole")}
                </SubmitButton>
              </Form>
            ) : null}
            {owner ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={m.userId} />
                <SubmitButton name="intent" value="remove" className="link-button" aria-label={t("business.removeOf", { name: m.displayName })}>
                  {t("business.remove")}
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>

      {owner ? (
        <>
          <h2>{t("business.invitesTitle")}</h2>
          {company.invites.length ? (
            <ul className="member-list">
              {company.invites.map((i) => (
                <li key={i.id}>
                  {i.identifier} · {t(`business.role.${i.role}`)} · {t("business.inviteUntil", { date: formatInstant(i.expiresAt, locale) })}
                </li>
              ))}
            </ul>
          ) : (
            <p className="empty">{t("business.noInvites")}</p>
          )}
          {invited?.invite ? (
            <div className="notice" role="status" data-shown-once="">
              <p>{t("business.inviteOnce", { date: formatInstant(invited.invite.expiresAt, locale, { time: true }) })}</p>
              <p>{t(invited.invite.sent ? (invited.invite.kind === "email" ? "business.inviteEmailed" : "business.inviteTexted") : "business.inviteNotSent")}</p>
              <p>
                <input readOnly value={invited.invite.url} aria-label={t("business.inviteLink")} className="invite-link" />
              </p>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(inviteForm)} className="stack form-page">
            <FormErrors id={inviteForm.errorId} errors={summaryOf(inviteForm.id, inviteForm.allErrors, inviteForm.errors)} />
            <Field required label={t("business.inviteIdentifier")} errors={inviteFields.identifier.errors}>
              <input {...getInputProps(inviteFields.identifier, { type: "text" })} />
            </Field>
            <Field required label={t("business.inviteRole")} errors={inviteFields.role.errors}>
              <select {...getSelectProps(inviteFields.role)}>
                <option value="">{t("business.chooseRole")}</option>
                {COMPANY_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`business.role.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <SubmitButton name="intent" value="invite" className="button">
              {t("business.invite")}
            </SubmitButton>
          </Form>

          <h2>{t("business.thresholdTitle")}</h2>
          <Form method="post" {...getFormProps(thresholdForm)} className="stack form-page">
            <FormErrors id={thresholdForm.errorId} errors={summaryOf(thresholdForm.id, thresholdForm.allErrors, thresholdForm.errors)} />
            <Field label={t("business.threshold")} hint={t("business.thresholdHint")} errors={thresholdFields.threshold.errors}>
              <input {...getInputProps(thresholdFields.threshold, { type: "text" })} inputMode="numeric" />
            </Field>
            <SubmitButton name="intent" value="threshold" className="button">
              {t("business.saveThreshold")}
            </SubmitButton>
          </Form>
        </>
      ) : null}

      <h2>{t("business.addressesTitle")}</h2>
      {company.addresses.length ? (
        <ul className="member-list">
          {company.addresses.map((a) => (
            <li key={a.id}>
              <strong>{a.label}</strong>: {a.recipient}, {a.street}, {a.communeName}, {a.provinceName}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("business.noAddresses")}</p>
      )}
      {owner ? (
        <Form method="post" {...getFormProps(addressForm)} className="stack form-page">
          <FormErrors id={addressForm.errorId} errors={summaryOf(addressForm.id, addressForm.allErrors, addressForm.errors)} />
          <Field required label={t("business.addressLabel")} errors={addressFields.label.errors}>
            <input {...getInputProps(addressFields.label, { type: "text" })} />
          </Field>
          <Field required label={t("business.recipient")} errors={addressFields.recipient.errors}>
            <input {...getInputProps(addressFields.recipient, { type: "text" })} />
          </Field>
          <Field required label={t("business.phone")} errors={addressFields.phone.errors}>
            <input {...getInputProps(addressFields.phone, { type: "tel" })} />
          </Field>
          <ProvinceCommuneFields province={addressFields.provinceCode} commune={addressFields.communeCode} provinces={provinces} communes={[]} communesFromAction={address?.communes} />
          <Field required label={t("business.street")} errors={addressFields.street.errors}>
            <input {...getInputProps(addressFields.street, { type: "text" })} />
          </Field>
          <SubmitButton name="intent" value="address" className="button">
            {t("business.addAddress")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
