/**
 * The moderators' queue (policy "ops.moderate", decision 037): subjects with
 * open reports and hidden listings whose farm asks for another look, the
 * longest waiting first. A listing may be hidden with a reason (the farm
 * reads it), kept hidden, or shown again; reports may be dismissed.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FieldErrors } from "~/components/ui/field";
import { Stars } from "~/components/reviews";
import { SubmitButton } from "~/components/ui/submit-button";
import { dismissReports, hideListing, hideReview, moderationQueue, showListing } from "~/models/moderation.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireOperator } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { moderateSchema } from "~/validation/moderation";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsReports");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.moderate");
  return { items: await moderationQueue(actor) };
}

type Errors = { reason?: string[]; form?: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.moderate");
  const form = Object.fromEntries(await readForm(request));
  const key = form.reviewId !== undefined ? `review:${String(form.reviewId)}` : `${String(form.subjectType ?? "listing")}:${String(form.listingId ?? form.subjectId ?? "")}`;
  const values = { reason: String(form.reason ?? "") };
  const parsed = moderateSchema.safeParse(form);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    const errors: Errors = { reason: (fieldErrors as Record<string, string[]>).reason, form: [...formErrors, ...Object.entries(fieldErrors).filter(([k]) => k !== "reason").flatMap(([, v]) => v as string[])] };
    return { key, values, errors };
  }
  const move = parsed.data;
  try {
    if (move.intent === "hide") await hideListing(actor, move.listingId, move.reason);
    else if (move.intent === "show") await showListing(actor, move.listingId);
    else if (move.intent === "hide-review") await hideReview(actor, move.reviewId, move.reason);
    else await dismissReports(actor, move.subjectType, move.subjectId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.kind === "not_found") throw refusal(error);
    return { key, values, errors: { form: [error.formMessage] } as Errors };
  }
  return redirect(`/ops/reports?done=${move.intent}`);
}

export default function OpsReports() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const orphan = actionData && !items.some((i) => `${i.subjectType}:${i.subjectId}` === actionData.key);
  return (
    <section>
      <h1>{t("moderation.queueTitle")}</h1>
      <p>{t("moderation.queueLead")}</p>
      {done === "hide" || done === "show" || done === "dismiss" || done === "hide-review" ? (
        <p className="notice" role="status">
          {t(done === "hide-review" ? "reviews.moderation.done" : `moderation.done.${done}`)}
        </p>
      ) : null}
      {orphan ? <FieldErrors errors={[...(actionData.errors.form ?? []), ...(actionData.errors.reason ?? [])]} /> : null}
      {items.length === 0 ? <p className="empty">{t("moderation.queueEmpty")}</p> : null}
      <ol className="moderation-queue">
        {items.map((item) => {
          const key = `${item.subjectType}:${item.subjectId}`;
          const mine = actionData && actionData.key === key ? actionData : undefined;
          return (
            <li key={key} className="card moderation-item">
              <h2>
                <span className="badge">{t(item.subjectType === "listing" ? "moderation.kindListing" : item.subjectType === "review" ? "reviews.moderation.kind" : "moderation.kindFarm")}</span>{" "}
                <Link to={item.path}>{item.name}</Link>
              </h2>
              {item.subjectType === "listing" ? <p className="meta">{t("moderation.farmOf", { name: item.farmName })}</p> : null}
              {item.review ? (
                <blockquote className="review-quote">
                  <p>
                    <Stars value={item.review.stars} />
                  </p>
                  {item.review.body ? <p>{item.review.body}</p> : null}
                  {item.review.reply ? <p className="meta">{t("reviews.replyBy", { reply: item.review.reply })}</p> : null}
                </blockquote>
              ) : null}
              <p className="meta">{t("moderation.since", { when: formatInstant(item.since, locale) })}</p>
              {item.hidden ? (
                <p className="notice">
                  {t("moderation.hiddenBecause", { reason: item.hidden.reason })}
                  {item.hidden.reviewRequestedAt ? <strong> {t("moderation.reviewRequested")}</strong> : null}
                </p>
              ) : null}
              {item.reports.length ? (
                <>
                  <p>{t("moderation.reportCount", { count: item.reports.length })}</p>
                  <ul>
                    {item.reports.map((r) => (
                      <li key={r.id}>
                        <strong>{t(`moderation.reasons.${r.reason}`)}</strong> · {r.reporterName} · {formatInstant(r.createdAt, locale)}
                        {r.note ? <q className="report-note">{r.note}</q> : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <FieldErrors errors={mine?.errors.form} />
              <div className="actions">
                {item.subjectType === "listing" ? (
                  <Form method="post" className="stack">
                    <input type="hidden" name="listingId" value={item.subjectId} />
                    <Field label={t("moderation.hideReason")} errors={mine?.errors.reason} required>
                      <textarea name="reason" rows={2} maxLength={500} defaultValue={mine?.values.reason ?? item.hidden?.reason ?? ""} />
                    </Field>
                    <SubmitButton name="intent" value="hide" className="button danger">
                      {item.hidden ? t("moderation.keepHidden") : t("moderation.hide")}
                    </SubmitButton>
                  </Form>
                ) : null}
                {item.subjectType === "review" && !item.hidden ? (
                  <Form method="post" className="stack">
                    <input type="hidden" name="reviewId" value={item.subjectId} />
                    <Field label={t("reviews.moderation.reason")} errors={mine?.errors.reason} required>
                      <textarea name="reason" rows={2} maxLength={500} defaultValue={mine?.values.reason ?? ""} />
                    </Field>
                    <SubmitButton name="intent" value="hide-review" className="button danger">
                      {t("reviews.moderation.hide")}
                    </SubmitButton>
                  </Form>
                ) : null}
                {item.hidden && item.subjectType === "listing" ? (
                  <Form method="post">
                    <input type="hidden" name="listingId" value={item.subjectId} />
                    <SubmitButton name="intent" value="show" className="button">
                      {t("moderation.show")}
                    </SubmitButton>
                  </Form>
                ) : null}
                {item.reports.length ? (
                  <Form method="post">
                    <input type="hidden" name="subjectType" value={item.subjectType} />
                    <input type="hidden" name="subjectId" value={item.subjectId} />
                    <SubmitButton name="intent" value="dismiss" className="button">
                      {t("moderation.dismiss")}
                    </SubmitButton>
                  </Form>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
