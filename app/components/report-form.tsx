/**
 * Anyone's report of a listing or a farm (decision 037): a reason from the
 * list and a note. Posts to /report, which answers on its own page (thanks,
 * or the errors with what was typed), with or without JavaScript.
 */
import { Form } from "@remix-run/react";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { useT } from "~/utils/use-t";
import { REPORT_REASONS } from "~/validation/choices";

export type ReportFormErrors = Partial<Record<"reason" | "note" | "subjectType" | "subjectId", string[]>> & { form?: string[] };

export function ReportForm({
  subject,
  values,
  errors,
}: {
  subject: { type: "listing" | "farm" | "review"; id: number };
  values?: { reason?: string; note?: string };
  errors?: ReportFormErrors;
}) {
  const t = useT();
  return (
    <Form method="post" action={`/report?type=${subject.type}&id=${subject.id}`} className="stack report-form">
      <FieldErrors errors={[...(errors?.form ?? []), ...(errors?.subjectType ?? []), ...(errors?.subjectId ?? [])]} />
      <input type="hidden" name="subjectType" value={subject.type} />
      <input type="hidden" name="subjectId" value={subject.id} />
      <Field label={t("moderation.reason")} errors={errors?.reason} required>
        <select name="reason" defaultValue={values?.reason ?? ""}>
          <option value="">—</option>
          {REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`moderation.reasons.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("moderation.note")} errors={errors?.note}>
        <textarea name="note" rows={3} maxLength={1000} defaultValue={values?.note ?? ""} />
      </Field>
      <SubmitButton className="button">{t("moderation.submit")}</SubmitButton>
    </Form>
  );
}

/** The report form behind a disclosure on a listing's or farm's page; a link to log in for visitors. */
export function ReportBox({ subject, signedIn }: { subject: { type: "listing" | "farm" | "review"; id: number }; signedIn: boolean }) {
  const t = useT();
  const label = subject.type === "listing" ? t("moderation.reportListing") : t("moderation.reportFarm");
  if (!signedIn) {
    return (
      <p className="report-box">
        <a href={`/login?redirectTo=${encodeURIComponent(`/report?type=${subject.type}&id=${subject.id}`)}`}>{label}</a>
      </p>
    );
  }
  return (
    <details className="report-box">
      <summary>{label}</summary>
      <ReportForm subject={subject} />
    </details>
  );
}
