/**
 * Reviewing an order (decision 040): its buyer gives the farm stars and
 * words, may rate a line apart and add photos, once, within 30 days of
 * completing it. Afterwards the page shows the review and the farm's reply.
 * Works without JavaScript: a plain multipart form, errors beside fields,
 * what was typed (and the photos uploaded) kept.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ReviewList, Stars } from "~/components/reviews";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { reviewPageFor, submitReview } from "~/models/review.server";
import { formRefusal, requireActor } from "~/utils/actor.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { readFormWithPhotos } from "~/utils/photo-form.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { MAX_REVIEW_CHARS, MAX_REVIEW_PHOTOS, parseLineStars, reviewSchema, STARS } from "~/validation/review";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review");

async function pageOf(request: Request, param: string | undefined) {
  const { actor } = await requireActor(request);
  const id = parseId(param);
  const page = id === null ? null : await reviewPageFor(actor, id);
  if (!page || id === null) throw new Response("Not found", { status: 404 });
  return { actor, id, page };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await pageOf(request, params.id);
  return page;
}

type Errors = Record<string, string[] | undefined> & { form?: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, id } = await pageOf(request, params.id);
  const { formData, photoErrors } = await readFormWithPhotos(request, actor.userId);
  const form = Object.fromEntries(formData);
  const photoIds = formData.getAll("photoIds").map(String).slice(0, MAX_REVIEW_PHOTOS);
  const lineValues = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith("line-")).map(([k, v]) => [k, String(v)]));
  const values = { stars: String(form.stars ?? ""), body: String(form.body ?? ""), lines: lineValues, photoIds };
  const parsed = reviewSchema.safeParse(form);
  const lines = parseLineStars(form);
  const errors: Errors = { ...lines.errors };
  if (!parsed.success) Object.assign(errors, z.flattenError(parsed.error).fieldErrors);
  if (photoErrors.length) errors.photos = photoErrors;
  if (!parsed.success || Object.keys(errors).length) return data({ values, errors }, { status: 400 });
  try {
    await submitReview(actor, id, { ...parsed.data, lines: lines.lines, photoIds });
  } catch (error) {
    const { formErrors, fieldErrors } = formRefusal(error);
    return data({ values, errors: { ...fieldErrors, form: formErrors } as Errors }, { status: 409 });
  }
  return redirect(`/orders/${id}/review?done=1`);
}

export default function ReviewOrder() {
  const t = useT();
  const locale = useLocale();
  const { order, farm, lines, review, block, until } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const values = actionData?.values;
  const errors: Errors = actionData?.errors ?? {};
  // Lines are rated apart only when the order has several; an error about any other line is said above the form.
  const shownLines = lines.length > 1 ? lines : [];
  const strayErrors = Object.entries(errors)
    .filter(([field]) => field.startsWith("line-") && !shownLines.some((l) => `line-${l.listingId}` === field))
    .flatMap(([, messages]) => messages ?? []);
  return (
    <section className="narrow">
      <h1>{t("reviews.pageTitle", { number: order.number })}</h1>
      <p>
        <Link to={`/orders/${order.id}`}>{t("reviews.backToOrder", { number: order.number })}</Link> ·{" "}
        <Link to={`/farms/${farm.slug}`}>{farm.name}</Link>
      </p>
      {params.get("done") === "1" ? (
        <p className="notice" role="status">
          {t("reviews.thanks")}
        </p>
      ) : null}
      {review ? (
        <ReviewList reviews={[review]} />
      ) : block ? (
        <p className="notice" role="alert">
          {t(`reviews.errors.${block}`)}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="stack review-form">
          <p>{t("reviews.lead", { farm: farm.name, until: until ? formatInstant(until, locale) : "" })}</p>
          <FieldErrors errors={[...(errors.form ?? []), ...strayErrors]} />
          <Field label={t("reviews.stars")} errors={errors.stars} required>
            <select name="stars" defaultValue={values?.stars ?? ""}>
              <option value="">—</option>
              {[...STARS].reverse().map((s) => (
                <option key={s} value={s}>
                  {t("reviews.starsOption", { count: Number(s) })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("reviews.body")} errors={errors.body} hint={t("reviews.bodyHint", { max: MAX_REVIEW_CHARS })}>
            <textarea name="body" rows={5} maxLength={MAX_REVIEW_CHARS} defaultValue={values?.body ?? ""} />
          </Field>
          {shownLines.length ? (
            <fieldset className="stack">
              <legend>{t("reviews.linesLegend")}</legend>
              {shownLines.map((l) => (
                <Field key={l.listingId} label={l.title} errors={errors[`line-${l.listingId}`]}>
                  <select name={`line-${l.listingId}`} defaultValue={values?.lines[`line-${l.listingId}`] ?? ""}>
                    <option value="">{t("reviews.sameStars")}</option>
                    {[...STARS].reverse().map((s) => (
                      <option key={s} value={s}>
                        {t("reviews.starsOption", { count: Number(s) })}
                      </option>
                    ))}
                  </select>
                </Field>
              ))}
            </fieldset>
          ) : null}
          {values?.photoIds.map((photoId) => <input key={photoId} type="hidden" name="photoIds" value={photoId} />)}
          {values?.photoIds.length ? <p className="meta">{t("reviews.photosKept", { count: values.photoIds.length })}</p> : null}
          <Field label={t("reviews.photos")} errors={errors.photos} hint={t("reviews.photosHint", { max: MAX_REVIEW_PHOTOS })}>
            {/* A new input once the upload was kept: with JavaScript the old one would still hold the file and send it twice. */}
            <input key={values?.photoIds.join(",") ?? ""} type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp" />
          </Field>
          <SubmitButton className="button primary">{t("reviews.submit")}</SubmitButton>
        </Form>
      )}
      {review && !review.reply ? <p className="meta">{t("reviews.waitingReply")}</p> : null}
      {review ? (
        <p className="meta">
          <Stars value={review.stars} /> {t("reviews.yours")}
        </p>
      ) : null}
    </section>
  );
}
