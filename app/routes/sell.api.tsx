/**
 * The farm's API tokens (issue 15, decision 044): its owner and co-op
 * members (policy farm.integrations), never a helper.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ApiTokens } from "~/components/api-tokens";
import { listApiTokens } from "~/models/api-token.server";
import { refusing, requireSellerFarm } from "~/utils/actor.server";
import { apiTokenAction, type ApiTokenReply } from "~/utils/api-token-form.server";
import { pageTitle } from "~/utils/meta";
import { FARM_SCOPES } from "~/validation/api";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiTokens");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  const tokens = await refusing(listApiTokens(actor, { kind: "farm", id: farm.id }));
  return {
    owner: farm.name,
    tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.integrations");
  return apiTokenAction(request, actor, { kind: "farm", id: farm.id }, "/sell/api");
}

export default function FarmApiTokens() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ApiTokenReply | undefined;
  return <ApiTokens owner={data.owner} page="/sell/api" tokens={data.tokens} scopes={FARM_SCOPES} reply={reply} />;
}
