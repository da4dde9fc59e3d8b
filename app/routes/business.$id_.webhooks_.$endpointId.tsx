/**
 * One of a company's webhook endpoints (decision 045): its secret (shown,
 * rotatable after a question), off/on, its address and events, and its
 * delivery log with a replay per delivery. Owners only; another company's
 * endpoint: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WebhookEndpointPage } from "~/components/webhooks";
import { requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { endpointIdOf, webhookEndpointAction, webhookEndpointData } from "~/utils/webhook-pages.server";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "webhookEndpoint");

function companyIdOf(params: { id?: string }): number {
  const id = parseId(params.id ?? null);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = companyIdOf(params);
  return { companyId, ...(await webhookEndpointData(actor, { kind: "company", id: companyId }, endpointIdOf(params))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = companyIdOf(params);
  const formData = await readForm(request);
  return webhookEndpointAction(actor, { kind: "company", id: companyId }, endpointIdOf(params), formData, `/business/${companyId}/webhooks`);
}

export default function BusinessWebhookEndpoint() {
  const { companyId, events, endpoint, deliveries } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <WebhookEndpointPage ownerKind="company" basePath={`/business/${companyId}/webhooks`} events={events} endpoint={endpoint} deliveries={deliveries} reply={reply} />;
}
