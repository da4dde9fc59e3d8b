/**
 * The farm's webhook endpoints (issue 15, decision 045): the list and the
 * form to add one, to its owner and co-op members (policy farm.integrations;
 * never a helper: these are credentials).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WebhookList } from "~/components/webhooks";
import { requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { webhookListAction, webhookListData } from "~/utils/webhook-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "webhooks");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  return { farmName: farm.name, ...(await webhookListData(actor, { kind: "farm", id: farm.id })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  const formData = await readForm(request);
  return webhookListAction(actor, { kind: "farm", id: farm.id }, formData, "/sell/webhooks");
}

export default function SellWebhooks() {
  const { farmName, events, endpoints } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <WebhookList ownerKind="farm" ownerName={farmName} ownerLink="/sell" basePath="/sell/webhooks" events={events} endpoints={endpoints} reply={reply} />;
}
