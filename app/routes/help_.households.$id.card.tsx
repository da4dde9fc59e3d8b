import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { helpTitle } from "~/components/help-nav";
import printStyles from "~/household-card-print.css?url";
import { householdCard } from "~/models/helper-work.server";
import { publicOrigin } from "~/utils/env.server";
import { requireHelper } from "~/utils/helper-actor.server";
import { useT } from "~/utils/use-t";
import { formatPhone } from "~/validation/phone";
import { parseId } from "~/validation/ids";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction = ({ matches }) => helpTitle(matches, "cardTitle");

// A household's card to print (A6): for the farm gate or buyers. Only a member of a team the household consented to.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireHelper(request);
  const farmId = parseId(params.id);
  const card = farmId === null ? null : await householdCard(actor, farmId);
  if (!card) throw new Response("Not found", { status: 404 });
  const url = `${publicOrigin(request)}/farms/${card.farm.slug}`;
  // Drawn on the server as SVG markup: nothing to load, nothing the CSP has to allow.
  const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1, width: 200 });
  return { ...card, url, qrSvg };
}

export default function HouseholdCardPage() {
  const t = useT();
  const { farm, helper, url, qrSvg } = useLoaderData<typeof loader>();
  return (
    <article className="household-card">
      <h1>{farm.name}</h1>
      <p className="household-card-place">
        {farm.communeName}, {farm.provinceName}
      </p>
      <div className="qr household-card-qr" role="img" aria-label={t("helpWork.cardQr")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p className="household-card-url">{t("helpWork.cardScan")}</p>
      <p className="household-card-link">{url}</p>
      <p className="household-card-contact">
        {t("helpWork.cardContact")}: <strong>{helper.displayName}</strong>
        {helper.phone ? ` · ${formatPhone(helper.phone)}` : null}
        {helper.email ? ` · ${helper.email}` : null}
      </p>
      <p className="no-print">
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("helpWork.cardPrint")}
        </button>{" "}
        <span className="meta">{t("helpWork.cardPrintHint")}</span>
      </p>
    </article>
  );
}
