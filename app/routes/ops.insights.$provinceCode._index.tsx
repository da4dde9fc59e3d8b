/**
 * A province's adoption figures and its communes' (decision 038): the
 * administrator, or an analyst of that province (authorizeProvince); anyone
 * else gets not found, also for its CSV files (/ops/insights/:provinceCode/csv,
 * ops.insights.$provinceCode.csv.ts).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AreasSection, AsOf, KeyFigures, WeeksSection } from "~/components/insights";
import { provinceInsights } from "~/models/insights.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { titled } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { provinceCodeParam } from "~/validation/places";

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.province.name ?? "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const code = provinceCodeParam(params.provinceCode);
  if (!code) throw new Response("Not found", { status: 404 });
  return refusing(provinceInsights(actor, code));
}

export default function InsightsProvince() {
  const t = useT();
  const figures = useLoaderData<typeof loader>();
  const base = `/ops/insights/${figures.province.code}`;
  return (
    <section className="insights">
      <p>
        <Link to="/ops/insights">{t("insights.backNational")}</Link>
      </p>
      <h1>
        {t("insights.title")}: {figures.province.name}
      </h1>
      <AsOf asOf={figures.asOf} />
      <KeyFigures figures={figures.total} />
      <AreasSection level="commune" rows={figures.communes} csvHref={`${base}/csv?table=areas`} linkOf={(r) => `${base}/${r.code}`} />
      <WeeksSection weeks={figures.weeks} csvHref={`${base}/csv?table=weeks`} />
    </section>
  );
}
