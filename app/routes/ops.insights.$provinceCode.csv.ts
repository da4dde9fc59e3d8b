// GET /ops/insights/:provinceCode/csv?table=areas|weeks — a province's tables as CSV: the administrator or its analysts; anyone else: not found.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { provinceInsights } from "~/models/insights.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { insightsCsv } from "~/utils/insights-csv.server";
import { provinceCodeParam } from "~/validation/places";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const code = provinceCodeParam(params.provinceCode);
  if (!code) throw new Response("Not found", { status: 404 });
  const figures = await refusing(provinceInsights(actor, code));
  return insightsCsv(request, { place: figures.province.name, areas: { level: "commune", province: figures.province.name, rows: figures.communes }, weeks: figures.weeks });
}
