// GET /ops/insights/csv?table=areas|weeks — the country's tables as CSV files: the administrator's only (ops.insights).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { nationalFigures } from "~/models/insights.server";
import { requireOperator } from "~/utils/actor.server";
import { i18nFor } from "~/utils/i18n.server";
import { insightsCsv } from "~/utils/insights-csv.server";
import { getLocale } from "~/utils/locale.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request, "ops.insights");
  const figures = await nationalFigures();
  const place = i18nFor(await getLocale(request)).t("insights.national");
  return insightsCsv(request, { place, areas: { level: "province", rows: figures.provinces }, weeks: figures.weeks });
}
