import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/meta";
import { idField } from "~/validation/ids";
import { z } from "~/validation/zod";
import { changeListingState, effectiveState, getFarmListing, listSellerListings } from "~/models/listing.server";
import { requestAnotherLook } from "~/models/moderation.server";
import { formatQuantity, formatVnd } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { refusing, requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listings");

const STATES = ["draft", "active", "paused", "sold_out", "expired"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "listing.manage");
  const state = z.enum(STATES).safeParse(new URL(request.url).searchParams.get("state"));
  const listings = await listSellerListings(farm.id, state.success ? state.data : undefined);
  return { listings: listings.map((l) => ({ ...l, shownState: effectiveState(l.state, l.availableTo) })) };
}

const commandSchema = z.object({
  listingId: idField("errors.form.tampered"),
  command: z.enum(["pause", "resume", "delete", "requestReview"], { error: "errors.form.tampered" }),
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "listing.manage");
  const form = Object.fromEntries(await readForm(request));
  const parsed = commandSchema.safeParse(form);
  if (!parsed.success) return data({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  if (parsed.data.command === "delete" && form.confirm !== CONFIRMED) {
    // Deleting cannot be undone: the first post only asks (docs/decisions/020-pending-and-confirm.md).
    const listing = await getFarmListing(farm.id, parsed.data.listingId);
    if (!listing) throw new Response("Not found", { status: 404 });
    return data({ confirmDelete: { id: listing.id, title: listing.title } });
  }
  if (parsed.data.command === "requestReview") {
    // A listing a moderator hid, fixed: back in the moderators' queue (decision 037).
    await refusing(requestAnotherLook(actor, farm.id, parsed.data.listingId));
    return redirect("/sell/listings?done=requestReview");
  }
  const changed = await refusing(changeListingState(actor, farm.id, parsed.data.listingId, parsed.data.command));
  // Not the farmer's listing (or not a move its state allows): nothing changed.
  if (!changed) throw new Response("Not found", { status: 404 });
  return redirect(`/sell/listings?done=${parsed.data.command}`);
}

export default function SellerListings() {
  const t = useT();
  const locale = useLocale();
  const { listings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const current = params.get("state");
  const confirmDelete = actionData && "confirmDelete" in actionData ? actionData.confirmDelete : undefined;
  const done = params.get("done");
  const notice = params.get("saved") ? t("sell.savedNotice") : done === "requestReview" ? t("moderation.done.requestReview") : done ? t(`sell.done.${done}`) : null;
  return (
    <section>
      <h1>{t("sell.listingsTitle")}</h1>
      <FormErrors errors={actionData && "errors" in actionData ? actionData.errors : undefined} />
      {confirmDelete ? (
        <ConfirmStep
          question={t("confirm.deleteQuestion", { title: confirmDelete.title })}
          hint={t("confirm.deleteHint")}
          confirmLabel={t("confirm.delete")}
          backTo={`/sell/listings${current ? `?state=${current}` : ""}`}
          fields={{ listingId: String(confirmDelete.id), command: "delete" }}
        />
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p className="actions">
        <Link to="/sell/listings/new" className="button primary">
          {t("sell.newListing")}
        </Link>
      </p>
      <nav className="filters" aria-label={t("sell.filter")}>
        <Link to="/sell/listings" aria-current={!current ? "page" : undefined}>
          {t("sell.allStates")}
        </Link>
        {STATES.map((s) => (
          <Link key={s} to={`/sell/listings?state=${s}`} aria-current={current === s ? "page" : undefined}>
            {t(`states.${s}`)}
          </Link>
        ))}
      </nav>
      {listings.length === 0 ? (
        <p className="empty">{t("sell.noListings")}</p>
      ) : (
        <div className="table-wrap">
          {/* Below 600 px each row is a card, its state first and each cell captioned by its data-label (styles.css). */}
          <table className="seller-table">
            <thead>
              <tr>
                <th scope="col">{t("sell.colListing")}</th>
                <th scope="col">{t("sell.colPrice")}</th>
                <th scope="col">{t("sell.colStock")}</th>
                <th scope="col">{t("sell.colState")}</th>
                <th scope="col">{t("sell.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/listings/${l.id}/${l.slug}`}>{l.title}</Link>
                  </td>
                  <td data-label={t("sell.colPrice")}>
                    {formatVnd(l.priceVnd, locale)} / {t(`units.${l.unit}`)}
                  </td>
                  <td data-label={t("sell.colStock")}>
                    {formatQuantity(l.stock, locale)} {t(`units.${l.unit}`)}
                  </td>
                  <td className="status-cell">
                    <span className={`state state-${l.shownState}`}>{t(`states.${l.shownState}`)}</span>
                    {l.moderation.hidden ? (
                      <p className="moderation-hidden">
                        <strong>{t("moderation.hiddenLabel")}:</strong> {l.moderation.reason}
                        {l.moderation.reviewRequested ? <> · {t("moderation.reviewAsked")}</> : null}
                      </p>
                    ) : null}
                  </td>
                  <td className="row-actions">
                    <Link to={`/sell/listings/${l.id}/edit`}>{t("sell.edit")}</Link>
                    {l.moderation.hidden && !l.moderation.reviewRequested ? (
                      <Form method="post">
                        <input type="hidden" name="listingId" value={l.id} />
                        <SubmitButton name="command" value="requestReview" className="link-button">
                          {t("moderation.askReview")}
                        </SubmitButton>
                      </Form>
                    ) : null}
                    <Form method="post">
                      <input type="hidden" name="listingId" value={l.id} />
                      {l.state === "active" || l.state === "sold_out" ? (
                        <SubmitButton name="command" value="pause" className="link-button">
                          {t("sell.pause")}
                        </SubmitButton>
                      ) : (
                        <SubmitButton name="command" value="resume" className="link-button">
                          {l.state === "draft" ? t("sell.publish") : t("sell.resume")}
                        </SubmitButton>
                      )}
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="listingId" value={l.id} />
                      <SubmitButton name="command" value="delete" className="link-button danger">
                        {t("sell.delete")}
                      </SubmitButton>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
