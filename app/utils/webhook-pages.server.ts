/**
 * The webhook pages' loaders and actions, shared by a company's pages
 * (/business/:id/webhooks) and a farm's (/sell/webhooks): the routes find
 * the owner and who acts, these do the rest (decision 045). Every refusal
 * comes back as a message beside its field or above the form; another
 * owner's endpoint or delivery is "not found".
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { CONFIRMED } from "~/components/ui/confirm-step";
import {
  createEndpoint,
  endpointWithLog,
  listEndpoints,
  replayDelivery,
  rotateSecret,
  setEndpointEnabled,
  updateEndpoint,
  type WebhookOwner,
} from "~/models/webhook.server";
import { DomainError } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { parseId } from "~/validation/ids";
import { COMPANY_WEBHOOK_EVENTS, FARM_WEBHOOK_EVENTS, webhookEditSchema, webhookEndpointSchema } from "~/validation/webhooks";
import { formRefusal, refusal, refusing } from "./actor.server";
import { refusalFields } from "./refusal-fields.server";

export type WebhookReply =
  | { intent: "create" | "edit"; result: SubmissionResult<string[]>; version?: number }
  | { intent: "rotate"; confirm: true }
  | { intent: "other"; formErrors: string[] };

export function eventsOf(owner: WebhookOwner): readonly string[] {
  return owner.kind === "company" ? COMPANY_WEBHOOK_EVENTS : FARM_WEBHOOK_EVENTS;
}

export async function webhookListData(actor: Actor, owner: WebhookOwner) {
  const endpoints = await refusing(listEndpoints(actor, owner));
  return {
    events: eventsOf(owner),
    endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, description: e.description, events: e.events, enabled: e.enabled, disabledReason: e.disabledReason })),
  };
}

/** The list page's one form: a new endpoint; made, the page of its secret. */
export async function webhookListAction(actor: Actor, owner: WebhookOwner, formData: FormData, basePath: string): Promise<WebhookReply | Response> {
  const submission = parseWithZod(formData, { schema: webhookEndpointSchema(owner.kind) });
  if (submission.status !== "success") return { intent: "create", result: submission.reply() };
  try {
    const { id } = await createEndpoint(actor, owner, submission.value);
    return redirect(`${basePath}/${id}?done=created`);
  } catch (error) {
    return { intent: "create", result: submission.reply({ fieldErrors: refusalFields(error, "url") }) };
  }
}

export function endpointIdOf(params: { endpointId?: string }): number {
  const id = parseId(params.endpointId ?? null);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export async function webhookEndpointData(actor: Actor, owner: WebhookOwner, endpointId: number) {
  const { endpoint, deliveries } = await refusing(endpointWithLog(actor, owner, endpointId));
  return {
    events: eventsOf(owner),
    endpoint: {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      secret: endpoint.secret,
      enabled: endpoint.enabled,
      disabledReason: endpoint.disabledReason,
      version: endpoint.version,
    },
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      type: d.type,
      state: d.state,
      replay: d.replay,
      createdAt: d.createdAt.toISOString(),
      nextAttemptAt: d.state === "pending" && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
      tries: d.tries.map((t) => ({ number: t.number, status: t.status, error: t.error, snippet: t.responseSnippet, durationMs: t.durationMs })),
    })),
  };
}

/** An endpoint page's forms: edit, a new secret (asked first), off/on, replay of a delivery. */
export async function webhookEndpointAction(actor: Actor, owner: WebhookOwner, endpointId: number, formData: FormData, basePath: string): Promise<WebhookReply | Response> {
  const intent = formData.get("intent");
  const done = (what: string) => redirect(`${basePath}/${endpointId}?done=${what}`);
  if (intent === "edit") {
    const submission = parseWithZod(formData, { schema: webhookEditSchema(owner.kind) });
    if (submission.status !== "success") return { intent: "edit", result: submission.reply() };
    try {
      await updateEndpoint(actor, owner, endpointId, submission.value);
    } catch (error) {
      // A stale save: the form comes back at the version now, with what was typed kept.
      if (error instanceof DomainError && error.code === "errors.webhook.stale") {
        const now = await refusing(endpointWithLog(actor, owner, endpointId));
        return { intent: "edit", result: submission.reply({ formErrors: [error.code] }), version: now.endpoint.version };
      }
      return { intent: "edit", result: submission.reply({ fieldErrors: refusalFields(error, "url") }) };
    }
    return done("saved");
  }
  try {
    if (intent === "rotate") {
      if (formData.get("confirm") !== CONFIRMED) {
        // Asked first: the endpoint must be this owner's before the question is put.
        await refusing(endpointWithLog(actor, owner, endpointId));
        return { intent: "rotate", confirm: true };
      }
      await rotateSecret(actor, owner, endpointId);
      return done("rotated");
    }
    if (intent === "disable" || intent === "enable") {
      await setEndpointEnabled(actor, owner, endpointId, intent === "enable");
      return done(`${intent}d`);
    }
    if (intent === "replay") {
      const deliveryId = parseId(formData.get("deliveryId"));
      if (deliveryId === null) return { intent: "other", formErrors: ["errors.form.tampered"] };
      // Only a delivery of this endpoint: another's is "not found" here.
      const { deliveries } = await refusing(endpointWithLog(actor, owner, endpointId));
      if (!deliveries.some((d) => d.id === deliveryId)) throw refusal(new DomainError("not_found", "errors.page.notFound"));
      await replayDelivery(actor, owner, deliveryId);
      return done("replayed");
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return { intent: "other", formErrors: formRefusal(error).formErrors };
  }
  return { intent: "other", formErrors: ["errors.form.tampered"] };
}
