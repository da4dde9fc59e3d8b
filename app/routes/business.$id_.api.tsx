/**
 * A company's API tokens (issue 15, decision 044): its owners only (policy
 * company.integrations); other members 403, strangers 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ApiTokens } from "~/components/api-tokens";
import { listApiTokens } from "~/models/api-token.server";
import { companyForMember } from "~/models/company.server";
import { idParam, refusing, requireActor } from "~/utils/actor.server";
import { apiTokenAction, type ApiTokenReply } from "~/utils/api-token-form.server";
import { pageTitle } from "~/utils/meta";
import { COMPANY_SCOPES } from "~/validation/api";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiTokens");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  const tokens = await refusing(listApiTokens(actor, { kind: "company", id: companyId }));
  const company = await refusing(companyForMember(actor, companyId));
  return {
    owner: company.name,
    page: `/business/${companyId}/api`,
    tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request);
  const companyId = idParam(params.id);
  return apiTokenAction(request, actor, { kind: "company", id: companyId }, `/business/${companyId}/api`);
}

export default function CompanyApiTokens() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ApiTokenReply | undefined;
  return <ApiTokens owner={data.owner} page={data.page} tokens={data.tokens} scopes={COMPANY_SCOPES} reply={reply} />;
}
