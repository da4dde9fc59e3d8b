/**
 * What the farm reads of its listing hidden by a moderator (decision 037):
 * the reason, and a button to ask for another look once it is fixed (posted
 * to the listings page, which holds the farm's listing commands). Shown only
 * to those who manage the listing: buyers never reach a hidden listing.
 */
import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/ui/submit-button";
import type { ListingModeration } from "~/models/listing.server";
import { useT } from "~/utils/use-t";

export function ModerationNotice({
  moderation,
  sellerSuspended,
  listingId,
  canAsk,
}: {
  moderation: ListingModeration;
  sellerSuspended: boolean;
  listingId: number;
  canAsk: boolean;
}) {
  const t = useT();
  if (!moderation.hidden && !sellerSuspended) return null;
  return (
    <div className="moderation-notice notice" role="status">
      {sellerSuspended ? <p>{t("moderation.sellerSuspended")}</p> : null}
      {moderation.hidden ? (
        <>
          <p>
            <strong>{t("moderation.hiddenLabel")}.</strong> {t("moderation.hiddenNotice", { reason: moderation.reason })}
          </p>
          {moderation.reviewRequested ? (
            <p>{t("moderation.reviewAsked")}</p>
          ) : canAsk ? (
            <Form method="post" action="/sell/listings">
              <p>{t("moderation.hiddenHint")}</p>
              <input type="hidden" name="listingId" value={listingId} />
              <SubmitButton name="command" value="requestReview" className="button">
                {t("moderation.askReview")}
              </SubmitButton>
            </Form>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
