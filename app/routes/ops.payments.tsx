/**
 * The operators' card payments workspace: what Stripe sent that was not
 * applied (events that do not match what was asked, refunds made in Stripe's
 * dashboard that no order could be matched to), checkouts paid after they
 * expired (revived or refunded), and refunds that failed, each with a form
 * to record the money sent back by bank transfer, with its reference.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "~/validation/zod";
import { FieldErrors } from "~/components/ui/field";
import { latePaidCheckouts } from "~/models/payment.server";
import { failedRefunds, paymentIssueList, recordManualRefund } from "~/models/refund.server";
import { formatInstant, formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { readForm } from "~/utils/form.server";
import { requireOperator } from "~/utils/actor.server";
import { useT } from "~/utils/use-t";
import { manualRefundSchema } from "~/validation/refund";
import { SubmitButton } from "~/components/ui/submit-button";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsPayments");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request, "ops.payments");
  const [issues, failed, late] = await Promise.all([paymentIssueList(), failedRefunds(), latePaidCheckouts()]);
  return {
    issues: issues.map((i) => ({
      id: i.id,
      kind: i.kind,
      checkoutId: i.checkoutId,
      stripeObjectId: i.stripeObjectId,
      amountVnd: i.amountVnd,
      currency: i.currency,
      detail: i.detail,
      createdAt: i.createdAt,
    })),
    failed,
    late,
  };
}

type FieldErrorsOf = Partial<Record<"refundId" | "bankReference", string[]>>;

export async function action({ request }: ActionFunctionArgs) {
  const { user: operator } = await requireOperator(request, "ops.payments");
  const form = Object.fromEntries(await readForm(request));
  const values = {
    refundId: String(form.refundId ?? ""),
    bankReference: String(form.bankReference ?? ""),
  };
  const parsed = manualRefundSchema.safeParse(form);
  if (!parsed.success)
    return {
      values,
      errors: z.flattenError(parsed.error).fieldErrors as FieldErrorsOf,
    };
  const result = await recordManualRefund({
    ...parsed.data,
    operatorId: operator.id,
  });
  if (result.ok) return redirect(`/ops/payments?refunded=${result.orderId}`);
  const errors: FieldErrorsOf =
    result.reason === "not_found"
      ? { refundId: ["refundOps.errors.refund"] }
      : result.reason === "over_remaining"
      ? { refundId: ["refundOps.errors.overRemaining"] }
      : { refundId: ["refundOps.errors.settled"] };
  return { values, errors };
}

export default function OpsPayments() {
  const t = useT();
  const locale = useLocale();
  const { issues, failed, late } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const when = (d: string | Date) => formatInstant(d, locale, { time: true });
  return (
    <section>
      <h1>{t("refundOps.title")}</h1>
      {params.get("refunded") ? (
        <p className="notice" role="status">
          {t("refundOps.recorded")}
        </p>
      ) : null}
      {/* A refund no longer (or never) on this page: what was wrong with the post is said here. */}
      {actionData && !failed.some((f) => String(f.id) === actionData.values.refundId) ? (
        <FieldErrors errors={[...(actionData.errors.refundId ?? []), ...(actionData.errors.bankReference ?? [])]} />
      ) : null}

      <h2 id="failed-heading">{t("refundOps.failedTitle")}</h2>
      {failed.length === 0 ? <p className="empty">{t("refundOps.none")}</p> : null}
      <ul className="payout-list" aria-labelledby="failed-heading">
        {failed.map((f) => {
          const mine = actionData?.values.refundId === String(f.id) ? actionData : undefined;
          return (
            <li key={f.id}>
              <Form method="post" className="payout-form" aria-label={f.orderNumber}>
                <p>
                  <Link to={`/orders/${f.orderId}`}>{f.orderNumber}</Link> — <strong>{formatVnd(f.amountVnd, locale)}</strong> ·{" "}
                  {t("refundOps.failedBecause", {
                    reason: f.failure ?? "?",
                    count: f.attempts,
                  })}{" "}
                  · {when(f.updatedAt)}
                </p>
                <input type="hidden" name="refundId" value={f.id} />
                <FieldErrors errors={mine?.errors.refundId} />
                <label>
                  <span className="field-label">{t("payouts.reference")}</span>
                  <input name="bankReference" defaultValue={mine?.values.bankReference} aria-invalid={mine?.errors.bankReference ? true : undefined} />
                </label>
                <FieldErrors errors={mine?.errors.bankReference} />
                <SubmitButton className="button primary">
                  {t("refundOps.recordManual")}
                </SubmitButton>
              </Form>
            </li>
          );
        })}
      </ul>

      <h2 id="late-heading">{t("refundOps.lateTitle")}</h2>
      {late.length === 0 ? <p className="empty">{t("refundOps.none")}</p> : null}
      <ul aria-labelledby="late-heading">
        {late.map((c) => (
          <li key={c.checkoutId}>
            {t(`refundOps.late.${c.outcome}`)} — {formatVnd(c.amountVnd, locale)} · {when(c.updatedAt)} ·{" "}
            {c.orders.map((o, i) => (
              <span key={o.id}>
                {i ? ", " : ""}
                <Link to={`/orders/${o.id}`}>{o.number}</Link> ({t(`paymentStatus.${o.paymentStatus}`)})
              </span>
            ))}
          </li>
        ))}
      </ul>

      <h2 id="issues-heading">{t("refundOps.issuesTitle")}</h2>
      {issues.length === 0 ? <p className="empty">{t("refundOps.none")}</p> : null}
      <ul aria-labelledby="issues-heading">
        {issues.map((i) => (
          <li key={i.id}>
            {t(`refundOps.issue.${i.kind}`)} — <code>{i.stripeObjectId}</code>
            {i.amountVnd !== null ? ` · ${i.amountVnd} ${(i.currency ?? "").toUpperCase()}` : ""} · {i.detail}
            {i.checkoutId ? ` · ${i.checkoutId}` : ""} · {when(i.createdAt)}
          </li>
        ))}
      </ul>
    </section>
  );
}
