/**
 * One of the farm's webhook endpoints (decision 045): its secret, off/on,
 * address and events, and delivery log with replay. Another farm's
 * endpoint: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WebhookEndpointPage } from "~/components/webhooks";
import { requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { endpointIdOf, webhookEndpointAction, webhookEndpointData } from "~/utils/webhook-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "webhookEndpoint");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  return webhookEndpointData(actor, { kind: "farm", id: farm.id }, endpointIdOf(params));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  const formData = await readForm(request);
  return webhookEndpointAction(actor, { kind: "farm", id: farm.id }, endpointIdOf(params), formData, "/sell/webhooks");
}

export default function SellWebhookEndpoint() {
  const { events, endpoint, deliveries } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <WebhookEndpointPage ownerKind="farm" basePath="/sell/webhooks" events={events} endpoint={endpoint} deliveries={deliveries} reply={reply} />;
}
