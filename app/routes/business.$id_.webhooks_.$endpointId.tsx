/**
 * One of a company's webhook endpoints (decision 045): its secret (shown,
 * rotatable after a question), off/on, its address and events, and its
 * delivery log with a replay per delivery. Owners only; another company's
 * endpoint: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WebhookEndpointPage } from "~/components/webhooks";
import { idParam, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { endpointIdOf, webhookEndpointAction, webhookEndpointData } from "~/utils/webhook-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "webhookEndpoint");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  return { companyId, ...(await webhookEndpointData(actor, { kind: "company", id: companyId }, endpointIdOf(params))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const formData = await readForm(request);
  return webhookEndpointAction(actor, { kind: "company", id: companyId }, endpointIdOf(params), formData, `/business/${companyId}/webhooks`);
}

export default function BusinessWebhookEndpoint() {
  const { companyId, events, endpoint, deliveries } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <WebhookEndpointPage ownerKind="company" basePath={`/business/${companyId}/webhooks`} events={events} endpoint={endpoint} deliveries={deliveries} reply={reply} />;
}
