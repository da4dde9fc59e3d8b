/**
 * A company's or a farm's API tokens (decision 044): the list (prefix,
 * scopes, expiry, last use), revoking (asked first), and the form that
 * makes one, whose secret is shown once in the answer. Same without
 * JavaScript.
 */
import { Form, Link, useSearchParams } from "@remix-run/react";
import { ConfirmStep } from "~/components/ui/confirm-step";
import { Field, FieldErrors, FormErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { formatInstant } from "~/utils/i18n";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { TOKEN_LIFETIMES } from "~/validation/api";
import type { ApiTokenReply } from "~/utils/api-token-form.server";

export type ApiTokenView = {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function ApiTokens({ owner, page, tokens, scopes, reply }: { owner: string; page: string; tokens: ApiTokenView[]; scopes: readonly string[]; reply?: ApiTokenReply }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const date = (d: string) => formatInstant(d, locale, { time: true });
  const chosen = reply?.values?.scopes ?? [];
  const scopeErrors = reply?.errors?.scopes;
  return (
    <section className="narrow">
      <h1>{t("apiTokens.title")}</h1>
      <p>{t("apiTokens.lead", { owner })}</p>
      <p>
        <Link to="/api/v1/docs">{t("apiTokens.docs")}</Link>
      </p>
      {params.get("revoked") ? (
        <p className="notice" role="status">
          {t("apiTokens.revoked")}
        </p>
      ) : null}
      {reply?.created ? (
        <div className="notice api-secret" role="status" data-shown-once="">
          <h2>{t("apiTokens.createdTitle", { name: reply.created.name })}</h2>
          <p>{t("apiTokens.createdHint")}</p>
          <label>
            {t("apiTokens.secret")}
            <input readOnly value={reply.created.secret} className="api-secret-value" data-testid="api-secret" />
          </label>
        </div>
      ) : null}
      <FormErrors errors={reply?.errors?.[""]} />
      {reply?.confirm ? (
        <ConfirmStep
          question={t("apiTokens.revokeQuestion", { name: reply.confirm.name })}
          hint={t("apiTokens.revokeHint")}
          confirmLabel={t("apiTokens.revokeConfirm")}
          backTo={page}
          fields={{ intent: "revoke", tokenId: String(reply.confirm.tokenId) }}
        />
      ) : null}
      {tokens.length === 0 ? <p className="empty">{t("apiTokens.none")}</p> : null}
      <ul className="helper-list">
        {tokens.map((token) => {
          const expired = new Date(token.expiresAt).getTime() <= Date.now();
          return (
            <li key={token.id} className="card">
              <h2>{token.name}</h2>
              <p>
                {t("apiTokens.prefix")} <code>{token.prefix}…</code>
              </p>
              <p>{token.scopes.map((s) => t(`apiTokens.scope.${s}`)).join(" · ")}</p>
              <p>{t("apiTokens.createdBy", { name: token.createdBy, date: date(token.createdAt) })}</p>
              <p>{token.lastUsedAt ? t("apiTokens.lastUsed", { date: date(token.lastUsedAt) }) : t("apiTokens.neverUsed")}</p>
              <p>{token.revokedAt ? t("apiTokens.revokedAt", { date: date(token.revokedAt) }) : expired ? t("apiTokens.expired") : t("apiTokens.expires", { date: date(token.expiresAt) })}</p>
              {token.revokedAt || expired ? null : (
                <Form method="post">
                  <input type="hidden" name="tokenId" value={token.id} />
                  <SubmitButton name="intent" value="revoke" className="button danger" aria-label={t("apiTokens.revokeNamed", { name: token.name })}>
                    {t("apiTokens.revoke")}
                  </SubmitButton>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      <h2>{t("apiTokens.createTitle")}</h2>
      <Form method="post" noValidate className="stack" key={reply?.created ? "made" : "form"}>
        <Field label={t("apiTokens.name")} hint={t("apiTokens.nameHint")} errors={reply?.errors?.name} required>
          <input id="api-token-name" name="name" defaultValue={reply?.values?.name ?? ""} autoComplete="off" />
        </Field>
        <fieldset aria-describedby={scopeErrors ? "api-token-scopes-error" : undefined}>
          <legend>{t("apiTokens.scopes")}</legend>
          {scopes.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" name="scopes" value={s} defaultChecked={chosen.includes(s)} /> {t(`apiTokens.scope.${s}`)} <code>{s}</code>
            </label>
          ))}
          <FieldErrors id="api-token-scopes-error" errors={scopeErrors} />
        </fieldset>
        <Field label={t("apiTokens.expiresIn")} errors={reply?.errors?.expiresInDays}>
          <select id="api-token-expires" name="expiresInDays" defaultValue={reply?.values?.expiresInDays ?? "90"}>
            {TOKEN_LIFETIMES.map((days) => (
              <option key={days} value={days}>
                {t("apiTokens.days", { count: days })}
              </option>
            ))}
          </select>
        </Field>
        <SubmitButton name="intent" value="create" className="button primary">
          {t("apiTokens.create")}
        </SubmitButton>
      </Form>
    </section>
  );
}
