// GET /ops/insights/:provinceCode/:communeCode/csv?table=weeks — a commune's weeks as CSV, under its province's rule; anyone else: not found.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { communeInsights } from "~/models/insights.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { insightsCsv } from "~/utils/insights-csv.server";
import { communeCodeParam, provinceCodeParam } from "~/validation/places";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const provinceCode = provinceCodeParam(params.provinceCode);
  const communeCode = communeCodeParam(params.communeCode);
  if (!provinceCode || !communeCode) throw new Response("Not found", { status: 404 });
  const figures = await refusing(communeInsights(actor, provinceCode, communeCode));
  return insightsCsv(request, { place: `${figures.commune.name}, ${figures.province.name}`, weeks: figures.weeks });
}
