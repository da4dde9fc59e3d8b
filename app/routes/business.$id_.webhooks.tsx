/**
 * A company's webhook endpoints (issue 15, decision 045): the list and the
 * form to add one, to its owners (policy company.integrations); other
 * members: 403; strangers: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WebhookList } from "~/components/webhooks";
import { companyForMember } from "~/models/company.server";
import { idParam, refusing, requireActor } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { webhookListAction, webhookListData } from "~/utils/webhook-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "webhooks");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const company = await refusing(companyForMember(actor, companyId));
  return { company: { id: company.id, name: company.name }, ...(await webhookListData(actor, { kind: "company", id: companyId })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const formData = await readForm(request);
  return webhookListAction(actor, { kind: "company", id: companyId }, formData, `/business/${companyId}/webhooks`);
}

export default function BusinessWebhooks() {
  const { company, events, endpoints } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <WebhookList ownerKind="company" ownerName={company.name} ownerLink={`/business/${company.id}`} basePath={`/business/${company.id}/webhooks`} events={events} endpoints={endpoints} reply={reply} />;
}
