/**
 * Account control (policy "ops.accounts", decision 037): find an account by
 * phone, email or name; suspend it with a reason (asked to confirm: it ends
 * its sessions and declines its placed orders), or restore it. Below, the
 * orders of suspended accounts still under way, for the operator to follow up.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { findAccounts, restoreAccount, suspendAccount, suspendedAccountOrders } from "~/models/suspension.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireOperator } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { accountSchema, accountSearchSchema } from "~/validation/moderation";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsAccounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.accounts");
  const search = accountSearchSchema.safeParse({ q: new URL(request.url).searchParams.get("q") ?? undefined });
  const q = search.success ? search.data.q : "";
  const [accounts, followUp] = await Promise.all([findAccounts(actor, q), suspendedAccountOrders(actor)]);
  return { q, queryError: search.success ? null : search.error.issues.map((i) => i.message), accounts, followUp, me: actor.userId };
}

type Errors = { reason?: string[]; form?: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.accounts");
  const form = Object.fromEntries(await readForm(request));
  const key = String(form.userId ?? "");
  const values = { reason: String(form.reason ?? "") };
  const q = typeof form.q === "string" ? form.q.slice(0, 100) : "";
  // Suspending cannot be undone by the person: the first post only asks (decision 020).
  const asking = { ...form, confirm: CONFIRMED };
  const parsed = accountSchema.safeParse(form.intent === "suspend" && form.confirm !== CONFIRMED ? asking : form);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    return data({ key, values, errors: { reason: (fieldErrors as Record<string, string[]>).reason, form: [...formErrors, ...Object.entries(fieldErrors).filter(([k]) => k !== "reason").flatMap(([, v]) => v as string[])] } as Errors, confirm: null });
  }
  const move = parsed.data;
  if (move.intent === "suspend" && form.confirm !== CONFIRMED) {
    return data({ key, values, errors: {} as Errors, confirm: { userId: String(move.userId), reason: move.reason, q } });
  }
  try {
    if (move.intent === "suspend") await suspendAccount(actor, move.userId, move.reason);
    else await restoreAccount(actor, move.userId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.kind === "not_found") throw refusal(error);
    return data({ key, values, errors: { form: [error.formMessage] } as Errors, confirm: null });
  }
  return redirect(`/ops/accounts?${new URLSearchParams({ ...(q ? { q } : {}), done: move.intent })}`);
}

export default function OpsAccounts() {
  const t = useT();
  const locale = useLocale();
  const { q, queryError, accounts, followUp, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const target = actionData?.confirm ? accounts.find((a) => String(a.id) === actionData.confirm?.userId) : undefined;
  const orphan = actionData && !actionData.confirm && !accounts.some((a) => String(a.id) === actionData.key);
  return (
    <section>
      <h1>{t("accounts.title")}</h1>
      <p>{t("accounts.lead")}</p>
      {done === "suspend" || done === "restore" ? (
        <p className="notice" role="status">
          {t(`accounts.done.${done}`)}
        </p>
      ) : null}
      {actionData?.confirm ? (
        <ConfirmStep
          question={t("accounts.confirmQuestion", { name: target?.displayName ?? `#${actionData.confirm.userId}` })}
          hint={t("accounts.confirmHint")}
          confirmLabel={t("accounts.suspend")}
          backTo={`/ops/accounts${q ? `?q=${encodeURIComponent(q)}` : ""}`}
          fields={{ intent: "suspend", userId: actionData.confirm.userId, reason: actionData.confirm.reason, q: actionData.confirm.q }}
        />
      ) : null}
      {orphan ? <FieldErrors errors={[...(actionData.errors.form ?? []), ...(actionData.errors.reason ?? [])]} /> : null}
      <Form method="get" className="inline-form" role="search">
        <Field label={t("accounts.query")} errors={queryError ?? undefined}>
          <input name="q" type="search" defaultValue={q} maxLength={100} />
        </Field>
        <button type="submit" className="button">
          {t("accounts.find")}
        </button>
      </Form>
      {!q ? <h2>{t("accounts.suspendedList")}</h2> : null}
      {accounts.length === 0 ? (
        <p className="empty">{t("accounts.noMatch")}</p>
      ) : (
        <div className="table-wrap">
          <table className="seller-table">
            <thead>
              <tr>
                <th scope="col">{t("accounts.colName")}</th>
                <th scope="col">{t("accounts.colContact")}</th>
                <th scope="col">{t("accounts.colRoles")}</th>
                <th scope="col">{t("accounts.colState")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const mine = actionData && !actionData.confirm && actionData.key === String(a.id) ? actionData : undefined;
                return (
                  <tr key={a.id}>
                    <td>
                      {a.displayName} {a.id === me ? t("accounts.you") : null}
                      {a.farmName ? <span className="meta"> · {a.farmName}</span> : null}
                    </td>
                    <td data-label={t("accounts.colContact")}>{[a.phone ? `0${a.phone.slice(2)}` : null, a.email].filter(Boolean).join(" · ")}</td>
                    <td data-label={t("accounts.colRoles")}>{a.roles.map((r) => t(`accounts.roleNames.${r}`)).join(", ")}</td>
                    <td data-label={t("accounts.colState")}>
                      <FieldErrors errors={mine?.errors.form} />
                      {a.suspended ? (
                        <>
                          <p>{t("accounts.suspendedSince", { when: formatInstant(a.suspended.at, locale), reason: a.suspended.reason })}</p>
                          <Form method="post">
                            <input type="hidden" name="userId" value={a.id} />
                            <input type="hidden" name="q" value={q} />
                            <SubmitButton name="intent" value="restore" className="button">
                              {t("accounts.restore")}
                            </SubmitButton>
                          </Form>
                        </>
                      ) : (
                        <>
                          <p>{t("accounts.active")}</p>
                          {a.id !== me ? (
                            <Form method="post" className="stack">
                              <input type="hidden" name="userId" value={a.id} />
                              <input type="hidden" name="q" value={q} />
                              <Field label={t("accounts.reason")} errors={mine?.errors.reason} required>
                                <textarea name="reason" rows={2} maxLength={500} defaultValue={mine?.values.reason ?? ""} />
                              </Field>
                              <SubmitButton name="intent" value="suspend" className="button danger">
                                {t("accounts.suspend")}
                              </SubmitButton>
                            </Form>
                          ) : null}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("accounts.followUp")}</h2>
      <p>{t("accounts.followUpLead")}</p>
      {followUp.length === 0 ? (
        <p className="empty">{t("accounts.followUpNone")}</p>
      ) : (
        <ul>
          {followUp.map((o) => (
            <li key={o.id}>
              <Link to={`/orders/${o.id}`}>{o.number}</Link> · {o.farmName} · {t(`orderStatus.${o.status}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
