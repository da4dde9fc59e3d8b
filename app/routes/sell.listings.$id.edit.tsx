import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/meta";
import { parseId } from "~/validation/ids";
import { ListingForm } from "~/components/listing-form";
import { getFarmListing } from "~/models/listing.server";
import { listCategories } from "~/models/place.server";
import { farmLotOptions } from "~/models/lot.server";
import { listingRevision, submitListingForm } from "~/utils/listing-form.server";
import { MAX_PHOTOS } from "~/validation/amounts";
import { requireSellerFarm } from "~/utils/actor.server";
import { ModerationNotice } from "~/components/moderation-notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editListing");

function listingId(param: string | undefined): number {
  const id = parseId(param);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "listing.manage");
  const [listing, categories, lots] = await Promise.all([getFarmListing(farm.id, listingId(params.id)), listCategories(), farmLotOptions(farm.id)]);
  // Another farmer's listing is "not found": its existence is not revealed.
  if (!listing) throw new Response("Not found", { status: 404 });
  return { listing, categories, lots, revision: listingRevision(listing) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "listing.manage");
  const id = listingId(params.id);
  // Another farmer's listing is "not found" before anything posted is looked at (its photos included).
  if (!(await getFarmListing(farm.id, id))) throw new Response("Not found", { status: 404 });
  const reply = await submitListingForm(request, { actor, farmId: farm.id }, id);
  if (reply.status === "saved") return redirect(`/sell/listings?saved=${reply.id}`);
  if (reply.status === "not-found") throw new Response("Not found", { status: 404 });
  return reply;
}

export default function EditListing() {
  const t = useT();
  const { listing, categories, lots, revision: loaded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The revision the form's values belong to: the one it was posted with, or
  // the listing's now when the save was refused as stale; never the loader's
  // after a post (it revalidates, and the values on screen are older).
  const revision = actionData?.revision ?? loaded;
  return (
    <section className="form-page">
      <h1>{t("listingForm.editTitle")}</h1>
      <ModerationNotice moderation={listing.moderation} sellerSuspended={false} listingId={listing.id} canAsk />
      <p>
        <Link to={`/listings/${listing.id}/${listing.slug}`}>{t("sell.view")}</Link>
      </p>
      <ListingForm
        key={revision.version}
        revision={revision}
        stale={actionData?.stale}
        listing={listing}
        categories={categories}
        lots={lots}
        lastResult={actionData?.result}
        photos={actionData?.photos ?? listing.photos}
        maxPhotos={MAX_PHOTOS}
      />
    </section>
  );
}
