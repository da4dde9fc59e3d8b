/**
 * GET /t/:code — a lot's public traceability page (issue 14), where its QR
 * code leads: the farm and its commune, the dates, the inputs applied, the
 * certifications and the lot's journey (harvested → ordered → delivered,
 * counted from order lines; no buyer is named). Each visit counts one scan.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InputList } from "~/components/lot-form";
import { lotUrl, qrImage, visitLot } from "~/models/lot.server";
import { publicOrigin } from "~/utils/env.server";
import { formatDate } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { useLocale } from "~/utils/root-data";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "lotPage");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lot = await visitLot(params.code ?? "");
  if (!lot) throw new Response("Not found", { status: 404 });
  return { lot, qr: await qrImage(lotUrl(publicOrigin(request), lot)) };
}

export default function LotTrace() {
  const t = useT();
  const locale = useLocale();
  const { lot, qr } = useLoaderData<typeof loader>();
  const { journey } = lot;
  const category = locale === "en" ? lot.categoryNameEn : lot.categoryNameVi;
  const date = (d: string | null) => (d ? formatDate(d, locale) : null);
  return (
    <article className="narrow lot-trace">
      <h1>{t("lots.trace.title", { code: lot.code })}</h1>
      <p className="lead">
        <strong>{lot.product}</strong>
        {category ? ` · ${category}` : ""}
      </p>
      <dl className="facts">
        <dt>{t("lots.trace.farm")}</dt>
        <dd>
          <Link to={`/farms/${lot.farm.slug}`}>{lot.farm.name}</Link>
        </dd>
        <dt>{t("lots.trace.where")}</dt>
        <dd>
          {lot.plot ? `${lot.plot}, ` : ""}
          {lot.farm.communeName}, {lot.farm.provinceName}
        </dd>
        <dt>{t("lots.sownOn")}</dt>
        <dd>{date(lot.sownOn) ?? "—"}</dd>
        <dt>{t("lots.harvestedOn")}</dt>
        <dd>{date(lot.harvestedOn) ?? t("lots.notHarvested")}</dd>
        {lot.certifications.length ? (
          <>
            <dt>{t("lots.certifications")}</dt>
            <dd>{lot.certifications.map((c) => t(`certifications.${c}`)).join(", ")}</dd>
          </>
        ) : null}
        {lot.gtin ? (
          <>
            <dt>GTIN</dt>
            <dd>{lot.gtin}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t("lots.trace.journey")}</h2>
      <ol className="lot-journey">
        <li>
          <strong>{t("lots.trace.harvested")}</strong>: {date(journey.harvestedOn) ?? t("lots.trace.notYet")}
        </li>
        <li>
          <strong>{t("lots.trace.ordered")}</strong>:{" "}
          {journey.ordered.count && journey.ordered.firstOn ? t("lots.trace.orderedCount", { count: journey.ordered.count, date: date(journey.ordered.firstOn) }) : t("lots.trace.notYet")}
        </li>
        <li>
          <strong>{t("lots.trace.delivered")}</strong>:{" "}
          {journey.delivered.count && journey.delivered.firstOn
            ? t("lots.trace.deliveredCount", { count: journey.delivered.count, date: date(journey.delivered.firstOn) })
            : t("lots.trace.notYet")}
        </li>
      </ol>
      <p className="field-hint">{t("lots.trace.privacy")}</p>

      <h2>{t("lots.inputs")}</h2>
      <InputList inputs={lot.inputs} />

      <p className="lot-qr">
        <img src={qr} alt={t("lots.qrAlt", { code: lot.code })} className="qr-image" width={160} height={160} />
      </p>
      <p className="field-hint" data-testid="lot-scans">
        {t("lots.trace.scans", { count: lot.scans })}
      </p>
    </article>
  );
}
