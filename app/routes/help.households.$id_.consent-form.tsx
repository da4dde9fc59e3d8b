/**
 * The consent form on paper (A5, print CSS in styles.css): the household's
 * details, the team, what it may do and what it may never do, for the
 * household to sign. The helper photographs it and uploads the photo on the
 * household's page.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { householdForHelper } from "~/models/consent.server";
import { DomainError } from "~/policy/errors";
import { refusal, requireActor } from "~/utils/actor.server";
import { pageTitle } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { formatPhone } from "~/validation/phone";
import { parseId } from "~/validation/ids";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consentForm");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, user } = await requireActor(request);
  const farmId = parseId(params.id);
  const consentId = parseId(new URL(request.url).searchParams.get("consent"));
  if (farmId === null) throw new Response("Not found", { status: 404 });
  try {
    const detail = await householdForHelper(actor, farmId);
    // The form is for a consent still to be given; none (withdrawn, in force, expired): nothing to print.
    const pending = detail.consents.filter((c) => c.state === "pending");
    const consent = pending.find((c) => c.id === consentId) ?? pending[0];
    if (!consent) throw new Response("Not found", { status: 404 });
    return {
      displayName: detail.displayName,
      phone: detail.phone ? formatPhone(detail.phone) : "",
      farmName: detail.farmName,
      address: [detail.village, detail.communeName].filter(Boolean).join(", "),
      teamName: consent.teamName,
      scopes: consent.scopes,
      consentId: consent.id,
      helperName: user.displayName,
      farmId,
    };
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

export default function ConsentForm() {
  const t = useT();
  const f = useLoaderData<typeof loader>();
  return (
    <article className="print-sheet consent-sheet">
      <p className="no-print">
        <Link to={`/help/households/${f.farmId}`}>{t("help.back")}</Link> · {t("consent.printHint")}
      </p>
      <h1>{t("consentForm.title")}</h1>
      <p className="sheet-ref">{t("consentForm.reference", { id: f.consentId })}</p>
      <dl>
        <dt>{t("household.displayName")}</dt>
        <dd>{f.displayName}</dd>
        <dt>{t("household.phone")}</dt>
        <dd>{f.phone}</dd>
        <dt>{t("household.farmName")}</dt>
        <dd>{f.farmName}</dd>
        <dt>{t("consentForm.address")}</dt>
        <dd>{f.address}</dd>
        <dt>{t("consentForm.team")}</dt>
        <dd>{f.teamName}</dd>
      </dl>
      <p>{t("consentForm.agree", { team: f.teamName })}</p>
      <ul>
        {f.scopes.map((s) => (
          <li key={s}>{t(`consent.scope.${s}`)}</li>
        ))}
      </ul>
      <p>{t("consentForm.never")}</p>
      <p>{t("consentForm.term")}</p>
      <div className="signatures">
        <p>
          {t("consentForm.householdSigns")}
          <br />
          <br />
          <br />
          {f.displayName}
        </p>
        <p>
          {t("consentForm.helperSigns")}
          <br />
          <br />
          <br />
          {f.helperName}
        </p>
      </div>
      <p>{t("consentForm.date")}</p>
    </article>
  );
}
