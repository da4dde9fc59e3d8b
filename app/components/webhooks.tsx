/**
 * The webhook pages (decision 045), for a company and for a farm alike: the
 * list of endpoints with the form to add one, and an endpoint's page (its
 * secret, off/on, a new secret, its address and events, the delivery log with
 * a replay button per delivery). The same with and without JavaScript.
 */
import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useSearchParams } from "@remix-run/react";
import { ConfirmStep } from "~/components/ui/confirm-step";
import { errorIdOf, Field, FieldErrors, FormErrors, summaryOf, translateError } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { formatInstant } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { MAX_WEBHOOK_DESCRIPTION, MAX_WEBHOOK_URL, webhookEditSchema, webhookEndpointSchema } from "~/validation/webhooks";

type OwnerKind = "company" | "farm";
type FormReply = { intent: string; result?: SubmissionResult<string[]>; version?: number; confirm?: true; formErrors?: string[] } | undefined;

export const eventKey = (type: string) => `webhooks.eventNames.${type.replace(".", "_")}`;

function Done() {
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  if (!done || !["created", "saved", "rotated", "disabled", "enabled", "replayed"].includes(done)) return null;
  return (
    <p className="notice" role="status">
      {t(`webhooks.done.${done}`)}
    </p>
  );
}

function EndpointFields({
  ownerKind,
  events,
  reply,
  intent,
  defaults,
  version,
}: {
  ownerKind: OwnerKind;
  events: readonly string[];
  reply: FormReply;
  intent: "create" | "edit";
  defaults: { url: string; description: string; events: string[] };
  version?: number;
}) {
  const t = useT();
  const schema = intent === "create" ? webhookEndpointSchema(ownerKind) : webhookEditSchema(ownerKind);
  const [form, fields] = useForm({
    id: `webhook-${intent}`,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const eventsId = `${form.id}-events`;
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={summaryOf(form.id, form.allErrors, form.errors, { version: null, intent: null })} />
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field required label={t("webhooks.url")} hint={t("webhooks.urlHint")} errors={fields.url.errors}>
        <input {...getInputProps(fields.url, { type: "url" })} maxLength={MAX_WEBHOOK_URL + 50} autoComplete="off" />
      </Field>
      <Field label={t("webhooks.description")} hint={t("webhooks.descriptionHint")} errors={fields.description.errors}>
        <input {...getInputProps(fields.description, { type: "text" })} maxLength={MAX_WEBHOOK_DESCRIPTION + 50} />
      </Field>
      <fieldset className="choices" id={eventsId} aria-describedby={fields.events.errors?.length ? errorIdOf(eventsId) : undefined}>
        <legend>{t("webhooks.events")}</legend>
        {getCollectionProps(fields.events, { type: "checkbox", options: [...events] }).map((props) => (
          <label key={props.key} className="choice">
            <input {...props} key={undefined} /> {t(eventKey(props.value))} <code>{props.value}</code>
          </label>
        ))}
        <FieldErrors id={errorIdOf(eventsId)} errors={fields.events.errors} />
      </fieldset>
      <SubmitButton className="button primary">{intent === "create" ? t("webhooks.add") : t("webhooks.save")}</SubmitButton>
    </Form>
  );
}

function StateLabel({ enabled, disabledReason }: { enabled: boolean; disabledReason: string | null }) {
  const t = useT();
  return <span className={`badge${enabled ? "" : " badge-muted"}`}>{enabled ? t("webhooks.on") : disabledReason === "failing" ? t("webhooks.failing") : t("webhooks.off")}</span>;
}

export function WebhookList({
  ownerKind,
  ownerName,
  ownerLink,
  basePath,
  events,
  endpoints,
  reply,
}: {
  ownerKind: OwnerKind;
  ownerName: string;
  ownerLink: string;
  basePath: string;
  events: readonly string[];
  endpoints: { id: number; url: string; description: string; events: string[]; enabled: boolean; disabledReason: string | null }[];
  reply: FormReply;
}) {
  const t = useT();
  return (
    <section className="form-page">
      <p>
        <Link to={ownerLink}>{ownerName}</Link>
      </p>
      <h1>{t("webhooks.title")}</h1>
      <p>{t("webhooks.lead")}</p>
      <Done />
      {endpoints.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <ul className="stack webhook-endpoints">
          {endpoints.map((e) => (
            <li key={e.id} className="card">
              <p>
                <code className="webhook-url">{e.url}</code> <StateLabel enabled={e.enabled} disabledReason={e.disabledReason} />
              </p>
              {e.description ? <p>{e.description}</p> : null}
              <p className="muted">{e.events.map((type) => t(eventKey(type))).join(" · ")}</p>
              <p>
                <Link to={`${basePath}/${e.id}`}>{t("webhooks.open")}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("webhooks.addTitle")}</h2>
      <EndpointFields ownerKind={ownerKind} events={events} reply={reply} intent="create" defaults={{ url: "", description: "", events: [] }} />
    </section>
  );
}

type Delivery = {
  id: number;
  eventId: string;
  type: string;
  state: "pending" | "delivered" | "failed";
  replay: boolean;
  createdAt: string;
  nextAttemptAt: string | null;
  tries: { number: number; status: number | null; error: string | null; snippet: string; durationMs: number }[];
};

export function WebhookEndpointPage({
  ownerKind,
  basePath,
  events,
  endpoint,
  deliveries,
  reply,
}: {
  ownerKind: OwnerKind;
  basePath: string;
  events: readonly string[];
  endpoint: { id: number; url: string; description: string; events: string[]; secret: string; enabled: boolean; disabledReason: string | null; version: number };
  deliveries: Delivery[];
  reply: FormReply;
}) {
  const t = useT();
  const locale = useLocale();
  const here = `${basePath}/${endpoint.id}`;
  const otherErrors = reply?.intent === "other" ? (reply.formErrors ?? []) : [];
  return (
    <section className="form-page">
      <p>
        <Link to={basePath}>{t("webhooks.back")}</Link>
      </p>
      <h1>
        <code className="webhook-url">{endpoint.url}</code>
      </h1>
      <p>
        <StateLabel enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} />
      </p>
      <Done />
      {otherErrors.length ? (
        <div className="field-errors" role="alert">
          {otherErrors.map((e) => (
            <p key={e}>{translateError(t, e)}</p>
          ))}
        </div>
      ) : null}
      {!endpoint.enabled && endpoint.disabledReason === "failing" ? (
        <p className="notice" role="status">
          {t("webhooks.failingNotice")}
        </p>
      ) : null}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value={endpoint.enabled ? "disable" : "enable"} />
        <SubmitButton className={endpoint.enabled ? "button" : "button primary"}>{endpoint.enabled ? t("webhooks.disable") : t("webhooks.enable")}</SubmitButton>
      </Form>

      <h2>{t("webhooks.secret")}</h2>
      <p>
        <code className="webhook-secret" data-testid="webhook-secret">
          {endpoint.secret}
        </code>
      </p>
      <p className="field-hint">{t("webhooks.secretHint")}</p>
      {reply?.intent === "rotate" && reply.confirm ? (
        <ConfirmStep question={t("webhooks.rotateQuestion")} hint={t("webhooks.rotateHint")} confirmLabel={t("webhooks.rotate")} backTo={here} fields={{ intent: "rotate" }} />
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="rotate" />
          <SubmitButton className="button">{t("webhooks.rotate")}</SubmitButton>
        </Form>
      )}

      <h2>{t("webhooks.log")}</h2>
      {deliveries.length === 0 ? (
        <p>{t("webhooks.logNone")}</p>
      ) : (
        <ol className="stack webhook-log">
          {deliveries.map((d) => (
            <li key={d.id} className="card" data-state={d.state}>
              <p>
                <strong>{t(eventKey(d.type))}</strong> <code>{d.type}</code> · {formatInstant(d.createdAt, locale, { time: true })}
                {d.replay ? ` · ${t("webhooks.replayed")}` : ""}
              </p>
              <p>
                {t("webhooks.eventId")}: <code>{d.eventId}</code> · {t("webhooks.state")}: <span className="webhook-state">{t(`webhooks.${d.state}`)}</span>
              </p>
              {d.tries.length ? (
                <ul className="webhook-tries">
                  {d.tries.map((attempt) => (
                    <li key={attempt.number}>
                      {t("webhooks.tryLine", { n: String(attempt.number), status: attempt.status !== null ? `HTTP ${attempt.status}` : t("webhooks.noAnswer", { error: attempt.error ?? "" }), ms: String(attempt.durationMs) })}
                      {attempt.snippet ? <pre className="webhook-snippet">{attempt.snippet}</pre> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {d.nextAttemptAt ? <p className="muted">{t("webhooks.nextTry", { time: formatInstant(d.nextAttemptAt, locale, { time: true }) })}</p> : null}
              <Form method="post">
                <input type="hidden" name="intent" value="replay" />
                <input type="hidden" name="deliveryId" value={d.id} />
                <SubmitButton className="button">{t("webhooks.replay")}</SubmitButton>
              </Form>
            </li>
          ))}
        </ol>
      )}

      <h2>{t("webhooks.editTitle")}</h2>
      <EndpointFields
        key={reply?.version ?? endpoint.version}
        ownerKind={ownerKind}
        events={events}
        reply={reply}
        intent="edit"
        version={reply?.version ?? endpoint.version}
        defaults={{ url: endpoint.url, description: endpoint.description, events: endpoint.events }}
      />
    </section>
  );
}
