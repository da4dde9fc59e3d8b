/**
 * The household's consents (issue 11): which teams may act for its farm,
 * for what, until when; withdraw any of them at once (a second step with
 * confirm=1, decision 020). Only the farm's owner (policy farm.consent):
 * a helper acting for the household cannot see or withdraw it.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmStep, CONFIRMED } from "~/components/ui/confirm-step";
import { FieldErrors } from "~/components/ui/field";
import { SubmitButton } from "~/components/ui/submit-button";
import { consentsOfFarm, withdrawConsent } from "~/models/consent.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireSellerFarm } from "~/utils/actor.server";
import { readForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consents");

export async function loader({ request }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "farm.consent");
  const consents = await consentsOfFarm(farm.id);
  return {
    consents: consents.map(({ paperPhoto: _photo, ...c }) => ({
      ...c,
      grantedAt: c.grantedAt?.toISOString() ?? null,
      expiresAt: c.expiresAt?.toISOString() ?? null,
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, farm } = await requireSellerFarm(request, "farm.consent");
  const form = await readForm(request);
  const consentId = parseId(form.get("consentId"));
  const consent = consentId === null ? undefined : (await consentsOfFarm(farm.id)).find((c) => c.id === consentId);
  if (form.get("intent") !== "withdraw" || !consent) return { errors: ["errors.form.tampered"] };
  if (form.get("confirm") !== CONFIRMED) return { confirm: { consentId: consent.id, teamName: consent.teamName } };
  try {
    await withdrawConsent(actor, consent.id);
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
  return redirect("/sell/consent?withdrawn=1");
}

export default function Consents() {
  const t = useT();
  const locale = useLocale();
  const { consents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : undefined;
  return (
    <section className="narrow">
      <h1>{t("consent.pageTitle")}</h1>
      <p>{t("consent.pageLead")}</p>
      {params.get("withdrawn") ? (
        <p className="notice" role="status">
          {t("consent.withdrawnNotice")}
        </p>
      ) : null}
      {actionData && "errors" in actionData ? <FieldErrors errors={actionData.errors} /> : null}
      {confirm ? (
        <ConfirmStep
          question={t("consent.withdrawQuestion", { team: confirm.teamName })}
          hint={t("consent.withdrawHint")}
          confirmLabel={t("consent.withdrawConfirm")}
          backTo="/sell/consent"
          fields={{ intent: "withdraw", consentId: String(confirm.consentId) }}
        />
      ) : null}
      {consents.length === 0 ? <p className="empty">{t("consent.none")}</p> : null}
      <ul className="consent-list">
        {consents.map((c) => (
          <li key={c.id} className="card">
            <h2>{c.teamName}</h2>
            <p className={`consent-state consent-${c.state}`}>
              {c.state === "in_force" && c.expiresAt ? t("consent.inForceUntil", { date: formatInstant(c.expiresAt, locale) }) : t(`consent.state.${c.state}`)}
            </p>
            <p>
              {t("consent.scopes")}: {c.scopes.map((s) => t(`consent.scope.${s}`)).join(", ")}
            </p>
            {c.state === "withdrawn" ? null : (
              <Form method="post">
                <input type="hidden" name="consentId" value={c.id} />
                <SubmitButton name="intent" value="withdraw" className="button danger" aria-label={t("consent.withdrawFrom", { team: c.teamName })}>
                  {t("consent.withdraw")}
                </SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/sell/activity">{t("activity.title")}</Link>
      </p>
    </section>
  );
}
