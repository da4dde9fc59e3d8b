/**
 * The farm's reviews (decision 040): what buyers wrote, hidden ones with the
 * moderator's reason, and a reply form under each review not answered yet
 * (policy "review.reply": the owner, a co-op member, a helper with the
 * orders scope). One reply per review.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { RatingFigure, ReviewList } from "~/components/reviews";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { farmRating, replyToReview, reviewsOfFarm } from "~/models/review.server";
import { formRefusal, requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { MAX_REPLY_CHARS, replySchema } from "~/validation/review";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sellReviews");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "review.reply");
  const [reviews, figures] = await Promise.all([reviewsOfFarm(farm.id), farmRating(farm.id)]);
  return { farmName: farm.name, reviews, figures };
}

type Errors = { reply?: string[]; reviewId?: string[]; form?: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "review.reply");
  const form = Object.fromEntries(await readForm(request));
  const key = String(form.reviewId ?? "");
  const values = { reply: String(form.reply ?? "") };
  const parsed = replySchema.safeParse(form);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Errors;
    return data({ key, values, errors: { reply: fieldErrors.reply, form: fieldErrors.reviewId } as Errors }, { status: 400 });
  }
  try {
    await replyToReview(actor, farm.id, parsed.data.reviewId, parsed.data.reply);
  } catch (error) {
    const { formErrors, fieldErrors } = formRefusal(error);
    return data({ key, values, errors: { ...fieldErrors, form: formErrors } as Errors }, { status: 409 });
  }
  return redirect(`/sell/reviews?replied=${parsed.data.reviewId}#review-${parsed.data.reviewId}`);
}

export default function SellReviews() {
  const t = useT();
  const { farmName, reviews, figures } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const orphan = actionData && !reviews.some((r) => String(r.id) === actionData.key && !r.reply);
  return (
    <section>
      <h1>{t("reviews.sellTitle", { farm: farmName })}</h1>
      <p>
        <RatingFigure rating={figures} />
      </p>
      {params.get("replied") ? (
        <p className="notice" role="status">
          {t("reviews.replied")}
        </p>
      ) : null}
      {orphan ? <FieldErrors errors={[...(actionData.errors.form ?? []), ...(actionData.errors.reply ?? [])]} /> : null}
      <ReviewList
        reviews={reviews}
        footer={(r) => {
          if (r.reply) return null;
          const mine = actionData && actionData.key === String(r.id) ? actionData : undefined;
          return (
            <Form method="post" className="stack reply-form">
              <FieldErrors errors={mine?.errors.form} />
              <input type="hidden" name="reviewId" value={r.id} />
              <Field label={t("reviews.replyLabel")} errors={mine?.errors.reply} required hint={t("reviews.replyHint", { max: MAX_REPLY_CHARS })}>
                <textarea name="reply" rows={3} maxLength={MAX_REPLY_CHARS} defaultValue={mine?.values.reply ?? ""} />
              </Field>
              <SubmitButton className="button">{t("reviews.replySubmit")}</SubmitButton>
            </Form>
          );
        }}
      />
    </section>
  );
}
