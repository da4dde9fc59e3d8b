import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/utils/use-t";
import { pageTitle } from "~/utils/meta";
import { ListingForm } from "~/components/listing-form";
import { listCategories } from "~/models/place.server";
import { farmLotOptions } from "~/models/lot.server";
import { submitListingForm } from "~/utils/listing-form.server";
import { MAX_PHOTOS } from "~/validation/amounts";
import { requireSellerFarm } from "~/utils/actor.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newListing");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "listing.manage");
  // The form's own key: a double tap without JavaScript posts it twice and makes one listing.
  const [categories, lots] = await Promise.all([listCategories(), farmLotOptions(farm.id)]);
  return { categories, lots, createKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "listing.manage");
  const reply = await submitListingForm(request, { actor, farmId: farm.id }, null);
  if (reply.status === "saved") return redirect(`/sell/listings?saved=${reply.id}`);
  if (reply.status === "not-found") throw new Response("Not found", { status: 404 });
  return reply;
}

export default function NewListing() {
  const t = useT();
  const { categories, lots, createKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="form-page">
      <h1>{t("listingForm.newTitle")}</h1>
      <p className="lead">{t("listingForm.newLead")}</p>
      <ListingForm listing={null} createKey={createKey} categories={categories} lots={lots} lastResult={actionData?.result} photos={actionData?.photos ?? []} maxPhotos={MAX_PHOTOS} />
    </section>
  );
}
