/**
 * GET /sell/lots/:id/labels — the lot's label sheet as a PDF (A4, 24
 * labels, each with its QR code). A resource route (decision 039). Policy
 * lot.manage; another farm's lot is "not found".
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lotLabelSheet } from "~/models/lot-labels.server";
import { getFarmLot, lotUrl } from "~/models/lot.server";
import { requireSellerFarm } from "~/utils/actor.server";
import { publicOrigin } from "~/utils/env.server";
import { formatDate } from "~/utils/i18n";
import { i18nFor } from "~/utils/i18n.server";
import { getLocale } from "~/utils/locale.server";
import { pdfResponse } from "~/utils/pdf.server";
import { parseId } from "~/validation/ids";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { farm } = await requireSellerFarm(request, "lot.manage");
  const id = parseId(params.id ?? null);
  const lot = id === null ? null : await getFarmLot(farm.id, id);
  if (!lot) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const t = i18nFor(locale).t;
  const bytes = await lotLabelSheet({
    product: lot.product,
    farmName: farm.name,
    code: lot.code,
    harvested: lot.harvestedOn ? formatDate(lot.harvestedOn, locale) : null,
    url: lotUrl(publicOrigin(request), lot),
    words: { lot: t("lots.label.lot"), harvested: t("lots.label.harvested"), notHarvested: t("lots.label.notHarvested") },
  });
  return pdfResponse(bytes, `${t("lots.label.lot")} ${lot.code}.pdf`);
}
