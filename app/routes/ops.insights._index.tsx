/**
 * The adoption dashboard, the whole country (issue 13, decision 038): the
 * administrator's (ops.insights). A province analyst is sent to their
 * province, or chooses among theirs; anyone else: not found. Tables as CSV
 * at /ops/insights/csv?table=areas|weeks (ops.insights.csv.ts).
 */
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AreasSection, AsOf, KeyFigures, WeeksSection } from "~/components/insights";
import { dictionaryOf } from "~/locales/dictionary";
import { insightsHome, type NationalInsights, type Place } from "~/models/insights.server";
import { refusing, requireActor } from "~/utils/actor.server";
import { localeOf, titled } from "~/utils/meta";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => {
  const dict = dictionaryOf(localeOf(matches));
  return titled(dict.insights?.title ? `${dict.insights.title} · ${dict.brand}` : dict.brand);
};

type PageData = { kind: "national"; figures: NationalInsights } | { kind: "choose"; provinces: Place[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request);
  const home = await refusing(insightsHome(actor));
  if (home.kind === "province") throw redirect(`/ops/insights/${home.code}`);
  return home;
}

export default function InsightsNational() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as PageData;
  if (data.kind === "choose")
    return (
      <section>
        <h1>{t("insights.chooseTitle")}</h1>
        <p>{t("insights.chooseLead")}</p>
        <ul>
          {data.provinces.map((p) => (
            <li key={p.code}>
              <Link to={`/ops/insights/${p.code}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  const { figures } = data;
  return (
    <section className="insights">
      <h1>
        {t("insights.title")}: {t("insights.national")}
      </h1>
      <p className="lead">{t("insights.lead")}</p>
      <AsOf asOf={figures.asOf} />
      <KeyFigures figures={figures.total} />
      <AreasSection level="province" rows={figures.provinces} csvHref="/ops/insights/csv?table=areas" linkOf={(r) => `/ops/insights/${r.code}`} />
      <WeeksSection weeks={figures.weeks} csvHref="/ops/insights/csv?table=weeks" />
    </section>
  );
}
