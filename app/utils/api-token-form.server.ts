/**
 * The token pages' action (/business/:id/api and /sell/api, decision 044):
 * make a token (its secret is in this one answer and nowhere else) or
 * revoke one (asked first, decision 020). The model checks the policy.
 */
import { redirect } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { CONFIRMED } from "~/components/ui/confirm-step";
import { createApiToken, listApiTokens, revokeApiToken, type TokenOwner } from "~/models/api-token.server";
import type { Actor } from "~/policy/policy";
import { apiTokenSchema } from "~/validation/api";
import { parseId } from "~/validation/ids";
import { formRefusal, refusing } from "./actor.server";
import { readForm } from "./form.server";

export type ApiTokenReply = {
  values?: { name: string; scopes: string[]; expiresInDays: string };
  errors?: Record<string, string[]>;
  created?: { name: string; secret: string };
  confirm?: { tokenId: number; name: string };
};

export async function apiTokenAction(request: Request, actor: Actor, owner: TokenOwner, page: string): Promise<ApiTokenReply | Response> {
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "create") {
    const values = {
      name: String(form.get("name") ?? "").slice(0, 200),
      scopes: form.getAll("scopes").map(String).slice(0, 20),
      expiresInDays: String(form.get("expiresInDays") ?? ""),
    };
    const submission = parseWithZod(form, { schema: apiTokenSchema });
    if (submission.status !== "success") {
      const errors = Object.fromEntries(Object.entries(submission.reply().error ?? {}).filter((e): e is [string, string[]] => e[1] !== null));
      return { values, errors };
    }
    try {
      const { secret } = await createApiToken(actor, owner, submission.value);
      return { created: { name: submission.value.name, secret } };
    } catch (error) {
      const { formErrors, fieldErrors } = formRefusal(error);
      return { values, errors: { ...fieldErrors, ...(formErrors.length ? { "": formErrors } : {}) } };
    }
  }
  const tokenId = parseId(form.get("tokenId"));
  const token = tokenId === null ? undefined : (await refusing(listApiTokens(actor, owner))).find((t) => t.id === tokenId && t.revokedAt === null);
  if (intent !== "revoke" || !token) return { errors: { "": ["errors.form.tampered"] } };
  if (form.get("confirm") !== CONFIRMED) return { confirm: { tokenId: token.id, name: token.name } };
  await refusing(revokeApiToken(actor, owner, token.id));
  return redirect(`${page}?revoked=1`);
}
