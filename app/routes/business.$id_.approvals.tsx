/**
 * A company's purchases waiting for approval (issue 12, decision 033): each
 * with its orders, farms, buyer, PO number, total and expiry, to its members;
 * to its approvers (owners, approvers) the forms to approve one or to reject
 * it with a reason (asked first, confirm=1; decision 020). A stranger, or
 * another company's approver, gets "not found".
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { APPROVAL_WAIT_DAYS, approvePurchase, rejectPurchase, waitingPurchases } from "~/models/approval.server";
import { companyForMember } from "~/models/company.server";
import { idParam, refusing, requireActor } from "~/utils/actor.server";
import { env } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { approveSchema, MAX_REJECT_REASON, rejectSchema } from "~/validation/approval";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "businessApprovals");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const company = await refusing(companyForMember(actor, companyId));
  const purchases = await refusing(waitingPurchases(actor, companyId));
  const approver = company.role === "owner" || company.role === "approver";
  return { company: { id: company.id, name: company.name, thresholdVnd: company.approvalThresholdVnd }, approver, purchases, waitDays: APPROVAL_WAIT_DAYS };
}

type Reply =
  | { intent: "approve" | "reject"; orderId: number | null; errors: string[]; reasonErrors?: string[]; reason?: string }
  | { intent: "reject"; orderId: number; confirm: { number: string; reason: string } };

export async function action({ request, params }: ActionFunctionArgs): Promise<Reply | Response> {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "approve") {
    const submission = parseWithZod(formData, { schema: approveSchema });
    if (submission.status !== "success") return { intent, orderId: null, errors: ["errors.form.tampered"] };
    try {
      await approvePurchase(actor, companyId, submission.value.orderId, { holdMinutes: env().BANK_TRANSFER_HOLD_MINUTES });
    } catch (error) {
      return { intent, orderId: submission.value.orderId, errors: Object.values(refusalFields(error)).flat() };
    }
    return redirect(`/business/${companyId}/approvals?approved=1`);
  }
  if (intent === "reject") {
    const submission = parseWithZod(formData, { schema: rejectSchema });
    const orderId = parseId(formData.get("orderId"));
    const typed = typeof formData.get("reason") === "string" ? String(formData.get("reason")) : "";
    if (submission.status !== "success" || orderId === null) {
      const reasonErrors = submission.status === "success" ? [] : (submission.error?.reason ?? []);
      // An order id that is no id (or sent twice): the form was tampered with; say so, whatever else is wrong.
      const tampered = orderId === null || !reasonErrors.length || Boolean(submission.status !== "success" && submission.error?.orderId);
      return { intent, orderId, errors: tampered ? ["errors.form.tampered"] : [], reasonErrors, reason: typed };
    }
    if (formData.get("confirm") !== CONFIRMED) {
      // Asked first: the purchase must be one waiting here (anything else is refused as the command would).
      const waiting = (await refusing(waitingPurchases(actor, companyId))).find((p) => p.orderId === orderId);
      if (!waiting) return { intent, orderId, errors: ["errors.approval.decided"], reason: typed };
      return { intent, orderId, confirm: { number: waiting.numbers.join(", "), reason: submission.value.reason } };
    }
    try {
      await rejectPurchase(actor, companyId, orderId, submission.value.reason);
    } catch (error) {
      return { intent, orderId, errors: Object.values(refusalFields(error)).flat(), reason: typed };
    }
    return redirect(`/business/${companyId}/approvals?rejected=1`);
  }
  return { intent: "approve", orderId: null, errors: ["errors.form.tampered"] };
}

export default function BusinessApprovals() {
  const t = useT();
  const locale = useLocale();
  const { company, approver, purchases, waitDays } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const asking = reply && "confirm" in reply ? reply : undefined;
  const refused = reply && "errors" in reply ? reply : undefined;
  return (
    <section>
      <p>
        <Link to={`/business/${company.id}`}>{company.name}</Link>
      </p>
      <h1>{t("approval.title")}</h1>
      <p>{t("approval.lead", { days: String(waitDays) })}</p>
      <p>{company.thresholdVnd === null ? t("approval.noThreshold") : t("approval.threshold", { amount: formatVnd(company.thresholdVnd, locale) })}</p>
      {params.get("approved") ? (
        <p className="notice" role="status">
          {t("approval.approved")}
        </p>
      ) : null}
      {params.get("rejected") ? (
        <p className="notice" role="status">
          {t("approval.rejected")}
        </p>
      ) : null}
      {refused && !purchases.some((p) => p.orderId === refused.orderId) ? <FieldErrors errors={[...refused.errors, ...(refused.reasonErrors ?? [])]} /> : null}
      {asking ? (
        <ConfirmStep
          question={t("approval.rejectQuestion", { number: asking.confirm.number })}
          hint={t("approval.rejectHint")}
          confirmLabel={t("approval.reject")}
          backTo={`/business/${company.id}/approvals`}
          fields={{ intent: "reject", orderId: String(asking.orderId), reason: asking.confirm.reason }}
        />
      ) : null}
      {!approver ? <p>{t("approval.notApprover")}</p> : null}
      {purchases.length === 0 ? <p className="empty">{t("approval.none")}</p> : null}
      <ul className="approval-list">
        {purchases.map((p) => {
          const mine = refused?.orderId === p.orderId ? refused : undefined;
          const label = p.numbers.join(", ");
          return (
            <li key={p.orderId} className="approval-item">
              <dl className="company-details">
                <dt>{t("approval.orders")}</dt>
                <dd>
                  {p.numbers.map((n, i) => (
                    <span key={n}>
                      {i ? ", " : ""}
                      {n}
                    </span>
                  ))}
                </dd>
                <dt>{t("approval.farms")}</dt>
                <dd>{p.farms.join(", ")}</dd>
                <dt>{t("approval.buyer")}</dt>
                <dd>{p.buyerName}</dd>
                {p.poNumber ? (
                  <>
                    <dt>{t("business.poNumber")}</dt>
                    <dd>{p.poNumber}</dd>
                  </>
                ) : null}
                <dt>{t("approval.total")}</dt>
                <dd>
                  <strong>{formatVnd(p.totalVnd, locale)}</strong>
                </dd>
                <dt>{t("approval.placedAt")}</dt>
                <dd>{formatInstant(p.createdAt, locale)}</dd>
                {p.expiresAt ? (
                  <>
                    <dt>{t("approval.expiresAt")}</dt>
                    <dd>{formatInstant(p.expiresAt, locale)}</dd>
                  </>
                ) : null}
              </dl>
              <p>
                <Link to={`/orders/${p.orderId}`}>{t("orders.heading", { number: p.numbers[0] })}</Link>
              </p>
              {mine?.errors.length ? <FieldErrors errors={mine.errors} /> : null}
              {p.mayDecide ? (
                <>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="orderId" value={p.orderId} />
                    <SubmitButton name="intent" value="approve" className="button primary" aria-label={t("approval.approveOf", { number: label })}>
                      {t("approval.approve")}
                    </SubmitButton>
                  </Form>
                  <Form method="post" className="stack reject-form" key={`${p.orderId}-${mine?.reason ?? ""}`}>
                    <input type="hidden" name="orderId" value={p.orderId} />
                    <Field label={t("approval.reason")} errors={mine?.reasonErrors} required>
                      <textarea id={`reason-${p.orderId}`} name="reason" rows={2} maxLength={MAX_REJECT_REASON} defaultValue={mine?.reason ?? ""} />
                    </Field>
                    <SubmitButton name="intent" value="reject" className="button danger" aria-label={t("approval.rejectOf", { number: label })}>
                      {t("approval.reject")}
                    </SubmitButton>
                  </Form>
                </>
              ) : approver ? (
                <p>{t("approval.ownPurchase")}</p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
