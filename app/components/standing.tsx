/**
 * "Repeat every week" (decision 032): the order page's form that makes the
 * order a standing order, shown again by /standing with what was typed when
 * it was refused.
 */
import { Form } from "@remix-run/react";
import { Field, FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { useT } from "~/utils/use-t";

/** The message key of a failed week's reason: short stock ("stock"), else the refusal's own key (net terms, a suspended buyer …). */
export function failedWeekKey(reason: string | null): string {
  return reason && reason !== "stock" ? reason : "standing.failedStock";
}

export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

export type RepeatValues = { orderId: string; weekday: string; paymentMethod: string };

export function RepeatWeeklyForm({
  values,
  errors,
}: {
  values: RepeatValues;
  errors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
}) {
  const t = useT();
  return (
    <Form method="post" action="/standing" className="stack standing-repeat" aria-labelledby="repeat-heading">
      <h2 id="repeat-heading">{t("standing.repeatTitle")}</h2>
      <p className="meta">{t("standing.repeatLead")}</p>
      <FormErrors errors={errors?.formErrors} />
      <input type="hidden" name="intent" value="create" />
      <input type="hidden" name="orderId" value={values.orderId} />
      <Field label={t("standing.weekdayField")} errors={errors?.fieldErrors?.weekday}>
        <select name="weekday" defaultValue={values.weekday}>
          {WEEKDAYS.map((d) => (
            <option key={d} value={d}>
              {t(`standing.weekday.${d}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("standing.paymentField")} errors={errors?.fieldErrors?.paymentMethod}>
        <select name="paymentMethod" defaultValue={values.paymentMethod}>
          <option value="cod">{t("payment.cod")}</option>
          <option value="bank_transfer">{t("payment.bank_transfer")}</option>
        </select>
      </Field>
      <SubmitButton className="button">{t("standing.repeatSubmit")}</SubmitButton>
    </Form>
  );
}
