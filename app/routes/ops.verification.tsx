/**
 * The verification queue (issue 13, decision 036): pending papers, oldest
 * first, each with its photo, its farm and commune; approve, or reject with
 * a reason the farm reads. Moderators and the administrator (policy
 * ops.verify); others: not found. Works without JavaScript.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { reviewDocument, verificationQueue } from "~/models/verification.server";
import { requireOperator } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatDate, formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { reviewSchema } from "~/validation/verification";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsVerification");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.verify");
  const queue = await verificationQueue(actor);
  return {
    queue: queue.map((d) => ({
      id: d.id,
      kind: d.kind,
      certificationType: d.certificationType,
      number: d.number,
      issuer: d.issuer,
      issuedOn: d.issuedOn,
      expiresOn: d.expiresOn,
      createdAt: d.createdAt.toISOString(),
      farmName: d.farmName,
      farmSlug: d.farmSlug,
      farmVerification: d.farmVerification,
      communeName: d.communeName,
      provinceName: d.provinceName,
      photo: d.photo ? { sm: d.photo.sm, lg: d.photo.lg, width: d.photo.width, height: d.photo.height } : null,
    })),
  };
}

type Refused = { documentId: number | null; errors: Record<string, string[]>; reason: string };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.verify");
  const formData = await readForm(request);
  const documentId = parseId(formData.get("documentId"));
  const posted = formData.get("reason");
  const reason = typeof posted === "string" ? posted : "";
  const refused = (errors: Record<string, string[]>) => ({ refused: { documentId, errors, reason } satisfies Refused });
  const parsed = reviewSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "reason" ? "reason" : "";
      (errors[field] ??= []).push(issue.message);
    }
    return refused(errors);
  }
  try {
    await reviewDocument(actor, parsed.data);
  } catch (error) {
    // Not found (a paper that does not exist) is the 404 page; reviewed already: said above the paper.
    return refused(refusalFields(error));
  }
  return redirect(`/ops/verification?${parsed.data.decision === "approve" ? "approved" : "rejected"}=1`);
}

export default function VerificationQueue() {
  const t = useT();
  const locale = useLocale();
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const refused = actionData?.refused;
  const orphan = refused && (refused.documentId === null || !queue.some((d) => d.id === refused.documentId));
  return (
    <section>
      <h1>{t("farmVerification.queueTitle")}</h1>
      <p>{t("farmVerification.queueLead")}</p>
      {params.get("approved") ? (
        <p className="notice" role="status">
          {t("farmVerification.approved")}
        </p>
      ) : null}
      {params.get("rejected") ? (
        <p className="notice" role="status">
          {t("farmVerification.rejected")}
        </p>
      ) : null}
      {orphan ? <FieldErrors errors={Object.values(refused.errors).flat()} /> : null}
      {queue.length === 0 ? <p className="empty">{t("farmVerification.queueEmpty")}</p> : null}
      <ul className="verification-queue">
        {queue.map((d) => {
          const mine = refused && refused.documentId === d.id ? refused : undefined;
          const labels = { number: d.number, farm: d.farmName };
          return (
            <li key={d.id} className="card queue-item">
              <article aria-labelledby={`document-${d.id}-title`}>
                <h2 id={`document-${d.id}-title`}>
                  {t(`farmVerification.kinds.${d.kind}`)}
                  {d.certificationType ? ` · ${t(`certifications.${d.certificationType}`)}` : ""} · {d.number}
                </h2>
                <div className="queue-body">
                  {d.photo ? (
                    <a href={d.photo.lg} className="document-photo">
                      <img src={d.photo.sm} alt={t("farmVerification.photoAlt", { number: d.number })} width={d.photo.width} height={d.photo.height} />
                    </a>
                  ) : null}
                  <dl>
                    <dt>{t("farmVerification.farm")}</dt>
                    <dd>
                      <Link to={`/farms/${d.farmSlug}`}>{d.farmName}</Link> · {t(`verification.${d.farmVerification}`)}
                    </dd>
                    <dt>{t("farmVerification.place")}</dt>
                    <dd>
                      {d.communeName}, {d.provinceName}
                    </dd>
                    <dt>{t("farmVerification.issuer")}</dt>
                    <dd>{d.issuer}</dd>
                    {d.issuedOn ? (
                      <>
                        <dt>{t("farmVerification.issuedOn")}</dt>
                        <dd>{formatDate(d.issuedOn, locale)}</dd>
                      </>
                    ) : null}
                    {d.expiresOn ? (
                      <>
                        <dt>{t("farmVerification.expiresOn")}</dt>
                        <dd>{formatDate(d.expiresOn, locale)}</dd>
                      </>
                    ) : null}
                  </dl>
                </div>
                <p>{t("farmVerification.submittedAt", { when: formatInstant(d.createdAt, locale) })}</p>
                {mine?.errors[""] ? <FieldErrors errors={mine.errors[""]} /> : null}
                <div className="queue-actions">
                  <Form method="post">
                    <input type="hidden" name="documentId" value={d.id} />
                    <SubmitButton name="decision" value="approve" className="button primary" aria-label={t("farmVerification.approveLabel", labels)}>
                      {t("farmVerification.approve")}
                    </SubmitButton>
                  </Form>
                  <Form method="post" className="stack">
                    <input type="hidden" name="documentId" value={d.id} />
                    <Field required label={t("farmVerification.rejectReason")} errors={mine?.errors.reason}>
                      <textarea id={`document-${d.id}-reason`} name="reason" rows={2} maxLength={500} defaultValue={mine?.reason ?? ""} />
                    </Field>
                    <SubmitButton name="decision" value="reject" className="button danger" aria-label={t("farmVerification.rejectLabel", labels)}>
                      {t("farmVerification.reject")}
                    </SubmitButton>
                  </Form>
                </div>
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
