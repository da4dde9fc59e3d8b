/**
 * Operators' companies page (decision 031): find a company by name or tax
 * code, mark it verified (the tax code and papers checked offline; asked to
 * confirm), grant or change its net terms (7, 15 or 30 days, a credit
 * limit), revoke them (confirm step, decision 020). Each company shows what
 * it owes on terms and how much of it is overdue.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { Field, FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { companiesForOps, grantTerms, revokeTerms, verifyCompany } from "~/models/terms.server";
import { requireOperator } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatVnd } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { refusalFields } from "~/utils/refusal-fields.server";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";
import { grantTermsSchema, revokeTermsSchema, TERM_DAY_CHOICES } from "~/validation/terms";
import { z } from "~/validation/zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opsCompanies");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.companies");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { q, companies: await companiesForOps(actor, q) };
}

type Reply = {
  intent: string;
  companyId: number | null;
  errors: Record<string, string[]>;
  values?: Record<string, string>;
  confirm?: { companyId: number; version: string; name: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireOperator(request, "ops.companies");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const form = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const companyId = parseId(formData.get("companyId"));
  const reply = (errors: Record<string, string[]>, extra: Partial<Reply> = {}): Reply => ({ intent, companyId, errors, values: form, ...extra });
  if (companyId === null) return reply({ form: ["errors.form.tampered"] });
  try {
    if (intent === "verify") {
      if (formData.get("confirm") !== CONFIRMED) return reply({ confirm: ["errors.terms.verifyConfirm"] });
      await verifyCompany(actor, companyId);
      return redirect("/ops/companies?done=verified");
    }
    if (intent === "grant") {
      const parsed = grantTermsSchema.safeParse(form);
      if (!parsed.success) return reply(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
      await grantTerms(actor, parsed.data);
      return redirect("/ops/companies?done=granted");
    }
    if (intent === "revoke") {
      const parsed = revokeTermsSchema.safeParse(form);
      if (!parsed.success) return reply({ form: ["errors.form.tampered"] });
      if (formData.get("confirm") !== CONFIRMED) {
        const name = (await companiesForOps(actor)).find((c) => c.id === companyId)?.name;
        if (!name) return reply({ form: ["errors.form.tampered"] });
        return reply({}, { confirm: { companyId, version: String(parsed.data.version), name } });
      }
      await revokeTerms(actor, parsed.data);
      return redirect("/ops/companies?done=revoked");
    }
    return reply({ form: ["errors.form.tampered"] });
  } catch (error) {
    return reply(refusalFields(error, "form"));
  }
}

/** The fields whose errors a form on the page shows beside them: the verify form is shown until the company is verified, the grant form after. */
function shownBeside(intent: string, company: { verifiedAt: unknown }): string[] {
  if (intent === "verify" && !company.verifiedAt) return ["confirm"];
  if (intent === "grant" && company.verifiedAt) return ["days", "limitVnd"];
  return [];
}

const DONE: Record<string, string> = { verified: "netTerms.verifiedNotice", granted: "netTerms.grantedNotice", revoked: "netTerms.revokedNotice" };

export default function OpsCompanies() {
  const t = useT();
  const locale = useLocale();
  const { q, companies } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const known = reply?.companyId != null && companies.some((c) => c.id === reply.companyId);
  return (
    <section className="ops-companies">
      <h1>{t("netTerms.opsTitle")}</h1>
      <p>{t("netTerms.opsLead")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {reply && !known ? <FieldErrors errors={Object.values(reply.errors).flat()} /> : null}
      <Form method="get" className="inline-search" role="search">
        <Field label={t("netTerms.search")}>
          <input name="q" type="search" defaultValue={q} maxLength={100} />
        </Field>
        <SubmitButton className="button">{t("netTerms.searchSubmit")}</SubmitButton>
      </Form>
      {companies.length === 0 ? <p className="empty">{t("netTerms.none")}</p> : null}
      <ul className="payout-list">
        {companies.map((c) => {
          const mine = reply?.companyId === c.id ? reply : undefined;
          const errorsOf = (intent: string, field: string) => (mine?.intent === intent ? mine.errors[field] : undefined);
          const valueOf = (field: string) => (mine?.intent === "grant" ? mine.values?.[field] : undefined);
          const terms = c.terms;
          return (
            <li key={c.id} className="payout-form" aria-label={c.name}>
              <h2>{c.name}</h2>
              <p>
                {t("netTerms.taxCode")}: {c.taxCode} · <strong>{c.verifiedAt ? t("netTerms.verified") : t("netTerms.notVerified")}</strong>
              </p>
              <p>
                {terms?.inForce ? t("netTerms.inForce", { days: String(terms.days), limit: formatVnd(terms.limitVnd, locale) }) : terms ? t("netTerms.revoked") : t("netTerms.noTerms")}
                {" · "}
                {t("netTerms.open")}: <strong>{formatVnd(c.openVnd, locale)}</strong> · {t("netTerms.overdue")}: <strong>{formatVnd(c.overdueVnd, locale)}</strong>
              </p>
              {/* Errors no field of the form shows (a stale version, a refused intent): above the forms. */}
              {mine ? <FieldErrors errors={Object.entries(mine.errors).flatMap(([field, list]) => (shownBeside(mine.intent, c).includes(field) ? [] : list))} /> : null}
              {!c.verifiedAt ? (
                <Form method="post" className="stack" aria-label={t("netTerms.verify")}>
                  <input type="hidden" name="intent" value="verify" />
                  <input type="hidden" name="companyId" value={c.id} />
                  <label className="checkbox">
                    <input type="checkbox" name="confirm" value={CONFIRMED} aria-invalid={errorsOf("verify", "confirm") ? true : undefined} /> {t("netTerms.verifyConfirm")}
                  </label>
                  <FieldErrors errors={errorsOf("verify", "confirm")} />
                  <SubmitButton className="button primary">{t("netTerms.verify")}</SubmitButton>
                </Form>
              ) : (
                <Form method="post" className="stack" aria-label={terms ? t("netTerms.change") : t("netTerms.grant")}>
                  <input type="hidden" name="intent" value="grant" />
                  <input type="hidden" name="companyId" value={c.id} />
                  <input type="hidden" name="version" value={terms?.version ?? 0} />
                  <Field label={t("netTerms.days")} errors={errorsOf("grant", "days")}>
                    <select name="days" defaultValue={valueOf("days") ?? String(terms?.days ?? 30)}>
                      {TERM_DAY_CHOICES.map((d) => (
                        <option key={d} value={d}>
                          {t("netTerms.daysOption", { count: Number(d) })}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t("netTerms.limit")} errors={errorsOf("grant", "limitVnd")}>
                    <input name="limitVnd" inputMode="numeric" defaultValue={valueOf("limitVnd") ?? (terms ? String(terms.limitVnd) : "")} />
                  </Field>
                  <SubmitButton className="button primary">{terms?.inForce ? t("netTerms.change") : t("netTerms.grant")}</SubmitButton>
                </Form>
              )}
              {/* The question stays answerable even if the terms ended meanwhile (revoking again changes nothing). */}
              {mine?.confirm || terms?.inForce ? (
                mine?.confirm ? (
                  <ConfirmStep
                    question={t("netTerms.revokeConfirm", { company: mine.confirm.name })}
                    hint={t("netTerms.revokeHint")}
                    confirmLabel={t("netTerms.revoke")}
                    backTo="/ops/companies"
                    fields={{ intent: "revoke", companyId: String(c.id), version: mine.confirm.version }}
                  />
                ) : (
                  <Form method="post" aria-label={t("netTerms.revoke")}>
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="companyId" value={c.id} />
                    <input type="hidden" name="version" value={terms?.version ?? 0} />
                    <SubmitButton className="button">{t("netTerms.revoke")}</SubmitButton>
                  </Form>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
