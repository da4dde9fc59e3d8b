/**
 * A commune's adoption figures, by week (decision 038): under its province's
 * rule (the administrator, or an analyst of the province; anyone else, or a
 * commune of another province: not found). The weeks as CSV at …/csv?table=weeks
 * (ops.insights.$provinceCode.$communeCode.csv.ts).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AsOf, KeyFigures, WeeksSection } from "~/components/insights";
import { communeInsights } from "~/models/insights.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { titled } from "~/utils/meta";
import { useT } from "~/utils/use-t";
import { communeCodeParam, provinceCodeParam } from "~/validation/places";

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data ? `${data.commune.name}, ${data.province.name}` : "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const provinceCode = provinceCodeParam(params.provinceCode);
  const communeCode = communeCodeParam(params.communeCode);
  if (!provinceCode || !communeCode) throw new Response("Not found", { status: 404 });
  return refusing(communeInsights(actor, provinceCode, communeCode));
}

export default function InsightsCommune() {
  const t = useT();
  const figures = useLoaderData<typeof loader>();
  const base = `/ops/insights/${figures.province.code}/${figures.commune.code}`;
  return (
    <section className="insights">
      <p>
        <Link to={`/ops/insights/${figures.province.code}`}>{t("insights.backProvince", { province: figures.province.name })}</Link>
      </p>
      <h1>
        {t("insights.title")}: {figures.commune.name}, {figures.province.name}
      </h1>
      <AsOf asOf={figures.asOf} />
      <KeyFigures figures={figures.total} />
      <WeeksSection weeks={figures.weeks} csvHref={`${base}/csv?table=weeks`} />
    </section>
  );
}
